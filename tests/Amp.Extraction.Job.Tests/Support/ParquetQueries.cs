using System.Data.Common;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;

namespace Amp.Extraction.Job.Tests.Support;

/// <summary>Reads segment files back with DuckDB, as a user of the data would.</summary>
internal static class ParquetQueries
{
    public static List<T> Query<T>(string sql, Func<DbDataReader, T> map)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
            rows.Add(map(reader));
        return rows;
    }

    public static long Count(string glob) => Query($"SELECT count(*) FROM read_parquet('{glob}')", r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture))[0];

    public static List<(string Name, string Type)> Columns(string glob) =>
        Query($"DESCRIBE SELECT * FROM read_parquet('{glob}')", r => (r.GetString(0), r.GetString(1)));

    /// <summary>How DuckDB's DESCRIBE names the type <c>read_parquet</c> gives a column of this Arrow type.</summary>
    public static string DuckDbType(IArrowType type) => type switch
    {
        UInt64Type => "UBIGINT",
        UInt32Type => "UINTEGER",
        UInt16Type => "USMALLINT",
        Int64Type => "BIGINT",
        Int32Type => "INTEGER",
        BooleanType => "BOOLEAN",
        StringType => "VARCHAR",
        Decimal128Type d => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({d.Precision},{d.Scale})"),
        BinaryType or FixedSizeBinaryType => "BLOB",
        TimestampType { Timezone: not null and not "" } => "TIMESTAMP WITH TIME ZONE",
        TimestampType => "TIMESTAMP",
        ListType l => DuckDbType(l.ValueDataType) + "[]",
        StructType s => "STRUCT(" + string.Join(", ", s.Fields.Select(f => $"{f.Name} {DuckDbType(f.DataType)}")) + ")",
        _ => throw new NotSupportedException($"no DuckDB name for Arrow type {type.Name}"),
    };

    public static List<(string Name, string Type)> Expected(Schema schema) =>
        schema.FieldsList.Select(f => (f.Name, DuckDbType(f.DataType))).ToList();
}
