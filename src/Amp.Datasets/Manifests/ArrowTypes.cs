using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amp.Datasets.Manifests;

/// <summary>
/// Reads an Arrow data type in the serde form of arrow-rs' <c>DataType</c> (<c>"UInt64"</c>, <c>{"FixedSizeBinary":32}</c>,
/// <c>{"Timestamp":["Nanosecond","+00:00"]}</c>, <c>{"List":{field}}</c>, …) and returns it as a node ready for the
/// canonical writer, with nested arrow-rs fields in their serde order
/// <c>name, data_type, nullable, dict_id, dict_is_ordered, metadata</c>.
/// </summary>
internal static class ArrowTypes
{
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "Null", "Boolean", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
        "Float16", "Float32", "Float64", "Date32", "Date64", "Binary", "LargeBinary", "BinaryView",
        "Utf8", "LargeUtf8", "Utf8View",
    };

    private static readonly HashSet<string> TimeUnits = new(StringComparer.Ordinal) { "Second", "Millisecond", "Microsecond", "Nanosecond" };
    private static readonly HashSet<string> IntervalUnits = new(StringComparer.Ordinal) { "YearMonth", "DayTime", "MonthDayNano" };

    public static JsonNode Normalize(JsonElement type, string path)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            var name = type.GetString()!;
            return Plain.Contains(name)
                ? JsonValue.Create(name)
                : throw new ManifestFormatException(path, $"unknown Arrow type '{name}'; plain types are {string.Join(", ", Plain)}, others are objects such as {{\"FixedSizeBinary\":32}}");
        }
        if (type.ValueKind != JsonValueKind.Object || type.EnumerateObject().Count() != 1)
            throw new ManifestFormatException(path, "an Arrow type is a string such as \"UInt64\" or an object with one key such as {\"Decimal128\":[38,0]}");
        var p = type.EnumerateObject().First();
        var at = $"{path}.{p.Name}";
        var v = p.Value;
        JsonNode value = p.Name switch
        {
            "FixedSizeBinary" => Int(v, at),
            "Timestamp" => Tuple(v, at, 2, (e, i) => i == 0 ? Unit(e, TimeUnits, $"{at}[0]") : NullableString(e, $"{at}[1]")),
            "Time32" or "Time64" or "Duration" => Unit(v, TimeUnits, at),
            "Interval" => Unit(v, IntervalUnits, at),
            "Decimal32" or "Decimal64" or "Decimal128" or "Decimal256" => Tuple(v, at, 2, (e, i) => Int(e, $"{at}[{i}]")),
            "List" or "LargeList" or "ListView" or "LargeListView" => Field(v, at),
            "FixedSizeList" => Tuple(v, at, 2, (e, i) => i == 0 ? Field(e, $"{at}[0]") : Int(e, $"{at}[1]")),
            "Struct" => Fields(v, at),
            "Map" => Tuple(v, at, 2, (e, i) => i == 0 ? Field(e, $"{at}[0]") : Bool(e, $"{at}[1]")),
            "Dictionary" => Tuple(v, at, 2, (e, i) => Normalize(e, $"{at}[{i}]")),
            "RunEndEncoded" => Tuple(v, at, 2, (e, i) => Field(e, $"{at}[{i}]")),
            _ => throw new ManifestFormatException(path, $"unknown Arrow type '{p.Name}'"),
        };
        return new JsonObject { [p.Name] = value };
    }

    private static JsonNode Field(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new ManifestFormatException(path, "an Arrow field is an object {\"name\",\"data_type\",\"nullable\",\"dict_id\",\"dict_is_ordered\",\"metadata\"}");
        var name = e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new ManifestFormatException(path, "the field needs a \"name\" string");
        var dataType = e.TryGetProperty("data_type", out var dt) ? Normalize(dt, $"{path}.data_type") : throw new ManifestFormatException(path, "the field needs a \"data_type\"");
        var metadata = new JsonObject();
        if (e.TryGetProperty("metadata", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind != JsonValueKind.Object)
                throw new ManifestFormatException($"{path}.metadata", "metadata is an object of strings");
            foreach (var kv in m.EnumerateObject().OrderBy(kv => kv.Name, StringComparer.Ordinal))
                metadata[kv.Name] = kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString() : throw new ManifestFormatException($"{path}.metadata.{kv.Name}", "metadata values are strings");
        }
        return new JsonObject
        {
            ["name"] = name,
            ["data_type"] = dataType,
            ["nullable"] = e.TryGetProperty("nullable", out var nl) ? Bool(nl, $"{path}.nullable") : throw new ManifestFormatException(path, "the field needs \"nullable\""),
            ["dict_id"] = e.TryGetProperty("dict_id", out var di) ? Int(di, $"{path}.dict_id") : JsonValue.Create(0L),
            ["dict_is_ordered"] = e.TryGetProperty("dict_is_ordered", out var dio) ? Bool(dio, $"{path}.dict_is_ordered") : JsonValue.Create(false),
            ["metadata"] = metadata,
        };
    }

    private static JsonNode Fields(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array)
            throw new ManifestFormatException(path, "a Struct holds an array of fields");
        var a = new JsonArray();
        var i = 0;
        foreach (var f in e.EnumerateArray())
            a.Add(Field(f, $"{path}[{i++}]"));
        return a;
    }

    private static JsonArray Tuple(JsonElement e, string path, int length, Func<JsonElement, int, JsonNode?> item)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != length)
            throw new ManifestFormatException(path, $"expected an array of {length} items");
        var a = new JsonArray();
        var i = 0;
        foreach (var x in e.EnumerateArray())
            a.Add(item(x, i++));
        return a;
    }

    private static JsonNode Unit(JsonElement e, HashSet<string> allowed, string path) =>
        e.ValueKind == JsonValueKind.String && allowed.Contains(e.GetString()!)
            ? JsonValue.Create(e.GetString()!)
            : throw new ManifestFormatException(path, $"expected one of {string.Join(", ", allowed)}");

    private static JsonNode? NullableString(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => JsonValue.Create(e.GetString()!),
        _ => throw new ManifestFormatException(path, "expected a time zone string such as \"+00:00\" or null"),
    };

    internal static JsonNode Int(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? JsonValue.Create(v) : throw new ManifestFormatException(path, "expected a whole number");

    internal static JsonNode Bool(JsonElement e, string path) =>
        e.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValue.Create(e.GetBoolean()) : throw new ManifestFormatException(path, "expected true or false");
}
