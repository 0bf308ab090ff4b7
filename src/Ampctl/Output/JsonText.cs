using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ampctl.Output;

/// <summary>
/// JSON that ampctl composes itself (reports computed from API answers, such as <c>worker health --json</c>):
/// one compact line, non-ASCII kept as is, only what JSON requires escaped.
/// </summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
            write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>JSON an operator reads: indented two spaces, non-ASCII kept, newline-terminated.</summary>
internal static class PrettyJson
{
    public static string Format(string rawJson)
    {
        using var doc = JsonDocument.Parse(rawJson);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true }))
            doc.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}
