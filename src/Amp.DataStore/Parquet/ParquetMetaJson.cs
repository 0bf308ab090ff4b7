using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amp.DataStore.Ranges;
using Amp.DataStore.Segments;

namespace Amp.DataStore.Parquet;

/// <summary>
/// The one reader and the one writer of the <c>nozzle_metadata</c> JSON. The writer produces what Amp's serde_json
/// produces: compact, fields in struct order, <c>timestamp</c> and <c>watermark</c> left out when absent, strings
/// escaped as serde_json escapes them. The reader accepts any field order, ignores unknown fields, and takes files
/// without <c>timestamp</c> (Amp before 2026-02-11) or <c>watermark</c>.
/// </summary>
public static class ParquetMetaJson
{
    public static string Serialize(ParquetMeta meta)
    {
        var json = new StringBuilder(320);
        json.Append("{\"table\":");
        AppendString(json, meta.Table);
        json.Append(",\"filename\":");
        AppendString(json, meta.FileName.Value);
        json.Append(CultureInfo.InvariantCulture, $",\"created_at\":{{\"secs\":{meta.CreatedAt.Seconds},\"nanos\":{meta.CreatedAt.Nanos}}},\"ranges\":[");
        for (var i = 0; i < meta.Ranges.Count; i++)
        {
            var range = meta.Ranges[i];
            if (i > 0)
                json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $"{{\"numbers\":{{\"start\":{range.Start},\"end\":{range.End}}},\"network\":");
            AppendString(json, range.Network);
            json.Append(CultureInfo.InvariantCulture, $",\"hash\":\"{range.Hash}\",\"prev_hash\":\"{range.PrevHash}\"");
            if (range.Timestamp is { } timestamp)
                json.Append(CultureInfo.InvariantCulture, $",\"timestamp\":{timestamp}");
            json.Append('}');
        }
        json.Append(']');
        if (meta.Watermark is { } watermark)
            json.Append(CultureInfo.InvariantCulture, $",\"watermark\":{watermark}");
        return json.Append('}').ToString();
    }

    public static bool TryParse(string json, [NotNullWhen(true)] out ParquetMeta? meta, [NotNullWhen(false)] out string? error)
    {
        meta = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            meta = Read(document.RootElement);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            error = $"invalid {ParquetMeta.FooterKey}: {ex.Message}";
            return false;
        }
    }

    public static ParquetMeta Parse(string json) =>
        TryParse(json, out var meta, out var error) ? meta : throw new FormatException(error);

    private static ParquetMeta Read(JsonElement root)
    {
        var table = Required(root, "table").GetString();
        if (string.IsNullOrEmpty(table))
            throw new FormatException("'table' must be a non-empty string");
        var fileName = SegmentFileName.Parse(Required(root, "filename").GetString() ?? "");
        var created = Required(root, "created_at");
        var createdAt = new UnixTime(Required(created, "secs").GetUInt64(), Required(created, "nanos").GetUInt32());
        var ranges = Required(root, "ranges").EnumerateArray().Select(ReadRange).ToList();
        if (ranges.Count == 0)
            throw new FormatException("'ranges' must hold at least one range");
        var watermark = Optional(root, "watermark")?.GetUInt64();
        return new ParquetMeta(table, fileName, createdAt, ranges, watermark);
    }

    private static BlockRange ReadRange(JsonElement range)
    {
        var numbers = Required(range, "numbers");
        var network = Required(range, "network").GetString();
        if (string.IsNullOrEmpty(network))
            throw new FormatException("'network' must be a non-empty string");
        return new BlockRange(
            new BlockSpan(Required(numbers, "start").GetUInt64(), Required(numbers, "end").GetUInt64()),
            network,
            BlockHash.Parse(Required(range, "hash").GetString() ?? ""),
            BlockHash.Parse(Required(range, "prev_hash").GetString() ?? ""),
            Optional(range, "timestamp")?.GetUInt64());
    }

    private static JsonElement Required(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"missing field '{name}'");

    private static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>serde_json's escaping: quote, backslash and the short control escapes; other controls as \u00xx.</summary>
    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
