using System.Text;
using System.Text.Json;

namespace Ampctl.Output.Jobs;

/// <summary>
/// The detail payloads of <c>job progress</c> and <c>job events --event-id</c>, in Amp's layout: an error block
/// (<c>✖ message</c>, aligned <c>Error Code</c> and context fields, the stack trace as bullets), or aligned
/// <c>Title Case Key : value</c> lines under a heading. Fields keep the server's order.
/// </summary>
internal static class DetailText
{
    private const string StackTraceKey = "stack_trace";

    /// <summary>Appends the error block of an ERROR/FATAL payload <c>{"error_code","error_message","error_context"?}</c>.</summary>
    public static void AppendError(StringBuilder sb, JsonElement detail)
    {
        var isObject = detail.ValueKind == JsonValueKind.Object;
        var message = isObject && detail.TryGetProperty("error_message", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()
            : null;
        sb.Append('\n').Append("✖ ").Append(string.IsNullOrEmpty(message) ? "Unknown error" : message).Append('\n');

        var fields = new List<(string Label, string Value)>();
        if (isObject && detail.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String)
            fields.Add(("Error Code", code.GetString() ?? ""));
        JsonElement? context = isObject && detail.TryGetProperty("error_context", out var c) && c.ValueKind == JsonValueKind.Object ? c : null;
        if (context is { } ctx)
        {
            foreach (var property in ctx.EnumerateObject())
            {
                if (!property.NameEquals(StackTraceKey))
                    fields.Add((TitleCase(property.Name), DescriptorText.Value(property.Value)));
            }
        }
        if (fields.Count > 0)
        {
            sb.Append('\n');
            AppendAligned(sb, fields, "  ");
        }

        if (context is { } withTrace && withTrace.TryGetProperty(StackTraceKey, out var trace) && trace.ValueKind == JsonValueKind.Array)
        {
            sb.Append('\n').Append("  Stack Trace:\n");
            foreach (var line in trace.EnumerateArray())
            {
                if (line.ValueKind == JsonValueKind.String)
                    sb.Append("    • ").Append(line.GetString()).Append('\n');
            }
        }
    }

    /// <summary>
    /// Appends a blank line, <paramref name="heading"/> underlined with <c>─</c>, then the object's fields aligned
    /// (nested values as compact JSON); a detail that is not an object is shown as indented JSON.
    /// </summary>
    public static void AppendFields(StringBuilder sb, string heading, JsonElement detail)
    {
        sb.Append('\n').Append(heading).Append('\n').Append(new string('─', heading.Length)).Append('\n');
        if (detail.ValueKind != JsonValueKind.Object)
        {
            foreach (var line in DescriptorText.Pretty(detail).Split('\n'))
                sb.Append("  ").Append(line).Append('\n');
            return;
        }
        var fields = detail.EnumerateObject().Select(p => (TitleCase(p.Name), DescriptorText.Value(p.Value))).ToList();
        AppendAligned(sb, fields, "");
    }

    /// <summary><c>error_code</c> → <c>Error Code</c>, <c>from_node</c> → <c>From Node</c>.</summary>
    public static string TitleCase(string key) =>
        string.Join(' ', key.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    private static void AppendAligned(StringBuilder sb, IReadOnlyList<(string Label, string Value)> fields, string indent)
    {
        var width = fields.Count == 0 ? 0 : fields.Max(f => f.Label.Length);
        foreach (var (label, value) in fields)
            sb.Append(indent).Append(label.PadRight(width)).Append(" : ").Append(value).Append('\n');
    }
}
