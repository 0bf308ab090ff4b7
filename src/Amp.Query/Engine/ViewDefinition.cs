using System.Globalization;
using System.Text;
using Amp.Query.Catalog;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Query.Engine;

/// <summary>
/// The DuckDB view that stands for a dataset table: <c>read_parquet</c> over exactly its canonical files, or, with no
/// files, an empty relation of its schema's types.
/// </summary>
internal static class ViewDefinition
{
    public static string Of(string schemaName, ResolvedTable table)
    {
        var body = table.Files.Count > 0
            ? $"SELECT * FROM read_parquet([{string.Join(", ", table.Files.Select(Literal))}])"
            : EmptyRelation(table.Schema);
        return $"CREATE SCHEMA IF NOT EXISTS {Identifier(schemaName)}; " +
               $"CREATE OR REPLACE VIEW {Identifier(schemaName)}.{Identifier(table.Reference.Table)} AS {body}";
    }

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string EmptyRelation(Schema schema)
    {
        var columns = schema.FieldsList.Select(f => $"CAST(NULL AS {TypeOf(f.DataType)}) AS {Identifier(f.Name)}");
        return $"SELECT {string.Join(", ", columns)} WHERE false";
    }

    /// <summary>The DuckDB type that <c>read_parquet</c> gives a column of this Arrow type.</summary>
    public static string TypeOf(IArrowType type) => type switch
    {
        UInt64Type => "UBIGINT",
        UInt32Type => "UINTEGER",
        UInt16Type => "USMALLINT",
        UInt8Type => "UTINYINT",
        Int64Type => "BIGINT",
        Int32Type => "INTEGER",
        Int16Type => "SMALLINT",
        Int8Type => "TINYINT",
        BooleanType => "BOOLEAN",
        FloatType => "FLOAT",
        DoubleType => "DOUBLE",
        StringType => "VARCHAR",
        Decimal128Type d => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({d.Precision},{d.Scale})"),
        BinaryType or FixedSizeBinaryType => "BLOB",
        TimestampType { Timezone: not null and not "" } => "TIMESTAMPTZ",
        TimestampType => "TIMESTAMP",
        Date32Type or Date64Type => "DATE",
        ListType l => TypeOf(l.ValueDataType) + "[]",
        StructType s => StructOf(s),
        _ => throw new NotSupportedException($"Arrow type {type.Name} has no DuckDB counterpart in dataset tables"),
    };

    private static string StructOf(StructType type)
    {
        var text = new StringBuilder("STRUCT(");
        text.AppendJoin(", ", type.Fields.Select(f => $"{Identifier(f.Name)} {TypeOf(f.DataType)}"));
        return text.Append(')').ToString();
    }
}
