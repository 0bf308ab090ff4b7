using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Extraction.Evm.Tables;

/// <summary>
/// Reads and writes arrow-rs's serde form of Arrow fields, as manifests carry them:
/// <c>{"name":"hash","type":{"FixedSizeBinary":32},"nullable":false}</c>; nested fields (list items,
/// struct members) use <c>data_type</c> plus <c>dict_id</c>, <c>dict_is_ordered</c> and <c>metadata</c>.
/// </summary>
public static class ArrowSerdeSchema
{
    /// <summary>Parses a manifest's <c>fields</c> array.</summary>
    public static IReadOnlyList<Field> ParseFields(JsonElement fields) =>
        fields.EnumerateArray().Select(ParseField).ToList();

    public static Field ParseField(JsonElement field)
    {
        var name = field.GetProperty("name").GetString() ?? throw new FormatException("field without a name");
        var type = field.TryGetProperty("type", out var t) ? t : field.GetProperty("data_type");
        var nullable = field.GetProperty("nullable").GetBoolean();
        return new Field(name, ParseType(type), nullable);
    }

    public static IArrowType ParseType(JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString() switch
            {
                "UInt64" => UInt64Type.Default,
                "UInt32" => UInt32Type.Default,
                "Int32" => Int32Type.Default,
                "Int64" => Int64Type.Default,
                "Boolean" => BooleanType.Default,
                "Binary" => BinaryType.Default,
                "Utf8" => StringType.Default,
                var other => throw new FormatException($"unsupported arrow-rs type '{other}'"),
            };
        }
        var property = type.EnumerateObject().Single();
        var value = property.Value;
        return property.Name switch
        {
            "FixedSizeBinary" => new FixedSizeBinaryType(value.GetInt32()),
            "Decimal128" => new Decimal128Type(value[0].GetInt32(), value[1].GetInt32()),
            "Timestamp" => new TimestampType(ParseUnit(value[0].GetString()), value[1].ValueKind == JsonValueKind.Null ? (string?)null : value[1].GetString()),
            "List" => new ListType(ParseField(value)),
            "Struct" => new StructType(ParseFields(value).ToList()),
            var other => throw new FormatException($"unsupported arrow-rs type '{other}'"),
        };
    }

    /// <summary>Writes fields in the manifest form (top level <c>type</c>, nested <c>data_type</c>).</summary>
    public static void WriteFields(Utf8JsonWriter writer, IEnumerable<Field> fields, bool nested = false)
    {
        writer.WriteStartArray();
        foreach (var field in fields)
            WriteField(writer, field, nested);
        writer.WriteEndArray();
    }

    private static void WriteField(Utf8JsonWriter writer, Field field, bool nested)
    {
        writer.WriteStartObject();
        writer.WriteString("name", field.Name);
        writer.WritePropertyName(nested ? "data_type" : "type");
        WriteType(writer, field.DataType);
        writer.WriteBoolean("nullable", field.IsNullable);
        if (nested)
        {
            writer.WriteNumber("dict_id", 0);
            writer.WriteBoolean("dict_is_ordered", false);
            writer.WriteStartObject("metadata");
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter writer, IArrowType type)
    {
        switch (type)
        {
            case FixedSizeBinaryType f when type.TypeId == ArrowTypeId.FixedSizedBinary:
                writer.WriteStartObject();
                writer.WriteNumber("FixedSizeBinary", f.ByteWidth);
                writer.WriteEndObject();
                break;
            case Decimal128Type d:
                writer.WriteStartObject();
                writer.WriteStartArray("Decimal128");
                writer.WriteNumberValue(d.Precision);
                writer.WriteNumberValue(d.Scale);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case TimestampType ts:
                writer.WriteStartObject();
                writer.WriteStartArray("Timestamp");
                writer.WriteStringValue(ts.Unit.ToString());
                if (ts.Timezone is null) writer.WriteNullValue(); else writer.WriteStringValue(ts.Timezone);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case ListType list:
                writer.WriteStartObject();
                writer.WritePropertyName("List");
                WriteField(writer, list.ValueField, nested: true);
                writer.WriteEndObject();
                break;
            case StructType st:
                writer.WriteStartObject();
                writer.WritePropertyName("Struct");
                WriteFields(writer, st.Fields, nested: true);
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(PlainName(type));
                break;
        }
    }

    private static string PlainName(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.UInt64 => "UInt64",
        ArrowTypeId.UInt32 => "UInt32",
        ArrowTypeId.Int32 => "Int32",
        ArrowTypeId.Int64 => "Int64",
        ArrowTypeId.Boolean => "Boolean",
        ArrowTypeId.Binary => "Binary",
        ArrowTypeId.String => "Utf8",
        var other => throw new NotSupportedException($"no arrow-rs serde name for {other}"),
    };

    private static TimeUnit ParseUnit(string? unit) => unit switch
    {
        "Second" => TimeUnit.Second,
        "Millisecond" => TimeUnit.Millisecond,
        "Microsecond" => TimeUnit.Microsecond,
        "Nanosecond" => TimeUnit.Nanosecond,
        _ => throw new FormatException($"unknown time unit '{unit}'"),
    };

    /// <summary>A readable, complete description of a type (names, nullability, widths), for comparisons and messages.</summary>
    public static string Describe(IArrowType type) => type switch
    {
        FixedSizeBinaryType f when type.TypeId == ArrowTypeId.FixedSizedBinary => $"FixedSizeBinary({f.ByteWidth})",
        Decimal128Type d => $"Decimal128({d.Precision},{d.Scale})",
        TimestampType ts => $"Timestamp({ts.Unit},{ts.Timezone ?? "null"})",
        ListType l => $"List<{Describe(l.ValueField)}>",
        StructType s => $"Struct<{string.Join(", ", s.Fields.Select(Describe))}>",
        _ => PlainName(type),
    };

    public static string Describe(Field field) =>
        $"{field.Name}: {Describe(field.DataType)}{(field.IsNullable ? "" : " not null")}";
}
