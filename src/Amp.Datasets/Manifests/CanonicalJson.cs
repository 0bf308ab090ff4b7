using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amp.Datasets.Manifests;

/// <summary>
/// Writes JSON exactly as Rust's serde_json does in compact mode: no spaces, object keys in the order given,
/// only <c>"</c>, <c>\</c> and control characters escaped (<c>\n</c>-style where serde has one, else <c>\u00xx</c>),
/// everything else as raw UTF-8. The one place that produces manifest bytes, so hashes match Amp's.
/// </summary>
public static class CanonicalJson
{
    public static byte[] ToUtf8Bytes(JsonNode node)
    {
        var sb = new StringBuilder(4096);
        Write(sb, node);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o)
                {
                    if (!first)
                        sb.Append(',');
                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                        sb.Append(',');
                    Write(sb, a[i]);
                }
                sb.Append(']');
                break;
            case JsonValue v:
                WriteValue(sb, v);
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue v)
    {
        if (v.TryGetValue<string>(out var s))
            WriteString(sb, s);
        else if (v.TryGetValue<bool>(out var b))
            sb.Append(b ? "true" : "false");
        else if (v.TryGetValue<long>(out var l))
            sb.Append(l.ToString(CultureInfo.InvariantCulture));
        else if (v.TryGetValue<ulong>(out var u))
            sb.Append(u.ToString(CultureInfo.InvariantCulture));
        else if (v.TryGetValue<int>(out var i))
            sb.Append(i.ToString(CultureInfo.InvariantCulture));
        else if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            sb.Append(e.GetRawText());
        else if (v.TryGetValue<JsonElement>(out var es) && es.ValueKind == JsonValueKind.String)
            WriteString(sb, es.GetString()!);
        else
            throw new InvalidOperationException($"canonical JSON cannot write a value of kind {v.GetValueKind()}");
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
