using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Amp.AdminClient.Jobs;

namespace Ampctl.Output.Jobs;

/// <summary>
/// Descriptors for humans: one line for listings (<c>sleep 60s</c>, <c>materialize-raw eth/blocks@0123abc</c>,
/// any other kind as <c>kind key=value ...</c>), and indented JSON for <c>job inspect</c>.
/// </summary>
internal static class DescriptorText
{
    private static readonly JsonWriterOptions PrettyOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    public static string Summary(JobDescriptor descriptor) => descriptor switch
    {
        SleepDescriptor s when s.Fail is { } fail =>
            $"sleep {s.Seconds.ToString(CultureInfo.InvariantCulture)}s (then fail: {SleepDescriptor.ToWire(fail)})",
        SleepDescriptor s => $"sleep {s.Seconds.ToString(CultureInfo.InvariantCulture)}s",
        MaterializeRawDescriptor m => $"{m.Kind} {m.DatasetNamespace}/{m.DatasetName}@{Commits.Short(m.ManifestHash, 7)}",
        _ => Generic(descriptor),
    };

    /// <summary>The object indented two spaces per level, as <c>serde_json::to_string_pretty</c> writes it; <c>null</c> for none.</summary>
    public static string Pretty(JsonElement? json)
    {
        if (json is not { } element)
            return "null";
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, PrettyOptions))
            element.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A string as is; anything else as compact JSON, exactly as the server wrote it.</summary>
    public static string Value(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : CompactJson.Compact(value.GetRawText());

    private static string Generic(JobDescriptor descriptor)
    {
        var sb = new StringBuilder(descriptor.Kind.Length > 0 ? descriptor.Kind : "(no kind)");
        if (descriptor.Json is not { ValueKind: JsonValueKind.Object } json)
            return sb.ToString();
        foreach (var property in json.EnumerateObject())
        {
            if (property.NameEquals("kind"))
                continue;
            sb.Append(' ').Append(property.Name).Append('=').Append(Value(property.Value));
        }
        return sb.ToString();
    }
}
