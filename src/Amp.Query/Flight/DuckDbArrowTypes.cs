using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Query.Flight;

/// <summary>
/// Amp's Arrow type for a DuckDB result column, from DuckDB's type text (<c>DESCRIBE</c>): unsigned integers stay
/// unsigned, <c>DECIMAL(p,s)</c> and <c>HUGEINT</c> become Decimal128, <c>TIMESTAMP WITH TIME ZONE</c> becomes Amp's
/// <c>Timestamp(Nanosecond, "+00:00")</c>, lists and structs nest. <c>BLOB</c> becomes Binary (DuckDB reads
/// FixedSizeBinary Parquet columns as BLOB and does not keep the width; <see cref="RecordBatches"/> gives a table's
/// FixedSizeBinary columns their width back). Types Amp has no use for become Utf8 text.
/// </summary>
internal static class DuckDbArrowTypes
{
    public static readonly TimestampType UtcTimestamp = new(TimeUnit.Nanosecond, "+00:00");

    public static IArrowType Parse(string text)
    {
        text = text.Trim();
        if (text.EndsWith("[]", StringComparison.Ordinal))
            return new ListType(new Field("item", Parse(text[..^2]), nullable: true));
        if (text.StartsWith("STRUCT(", StringComparison.Ordinal) && text.EndsWith(')'))
            return new StructType(SplitTopLevel(text[7..^1]).Select(ParseField).ToList());
        if (text.StartsWith("DECIMAL(", StringComparison.Ordinal))
        {
            var parts = text[8..^1].Split(',');
            return new Decimal128Type(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        return text switch
        {
            "UBIGINT" => UInt64Type.Default,
            "UINTEGER" => UInt32Type.Default,
            "USMALLINT" => UInt16Type.Default,
            "UTINYINT" => UInt8Type.Default,
            "BIGINT" => Int64Type.Default,
            "INTEGER" => Int32Type.Default,
            "SMALLINT" => Int16Type.Default,
            "TINYINT" => Int8Type.Default,
            "BOOLEAN" => BooleanType.Default,
            "DOUBLE" => DoubleType.Default,
            "FLOAT" => FloatType.Default,
            "VARCHAR" => StringType.Default,
            "BLOB" => BinaryType.Default,
            "HUGEINT" => new Decimal128Type(38, 0),
            "TIMESTAMP WITH TIME ZONE" => UtcTimestamp,
            "TIMESTAMP" => new TimestampType(TimeUnit.Microsecond, (string?)null),
            "DATE" => Date32Type.Default,
            _ => StringType.Default,
        };
    }

    private static Field ParseField(string member)
    {
        member = member.Trim();
        string name;
        string rest;
        if (member.StartsWith('"'))
        {
            var end = 1;
            while (end < member.Length && !(member[end] == '"' && (end + 1 >= member.Length || member[end + 1] != '"')))
                end += member[end] == '"' ? 2 : 1;
            name = member[1..end].Replace("\"\"", "\"", StringComparison.Ordinal);
            rest = member[(end + 1)..];
        }
        else
        {
            var space = member.IndexOf(' ', StringComparison.Ordinal);
            name = member[..space];
            rest = member[(space + 1)..];
        }
        return new Field(name, Parse(rest), nullable: true);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c == '(')
                depth++;
            else if (!quoted && c == ')')
                depth--;
            else if (!quoted && depth == 0 && c == ',')
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
