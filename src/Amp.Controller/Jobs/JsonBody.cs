using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amp.Controller.Jobs;

/// <summary>
/// Reads a request body as a JSON object, validating it whole before anything uses it: System.Text.Json's
/// nodes read lazily, so duplicate keys, invalid UTF-8 inside strings or lone surrogates would otherwise
/// surface later as exceptions instead of a 400.
/// </summary>
internal static class JsonBody
{
    private const int MaxDepth = 32;

    public static async Task<(JsonObject? Body, string? Error)> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        var (body, error) = await ReadAsync(request, allowArray: false, ct).ConfigureAwait(false);
        return (body as JsonObject, error);
    }

    /// <summary>A JSON object, or with <paramref name="allowArray"/> also an array (of anything: the caller checks its elements).</summary>
    public static async Task<(JsonNode? Body, string? Error)> ReadAsync(HttpRequest request, bool allowArray, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not BadHttpRequestException)
        {
            // A body that cannot be read is the client's doing (a malformed chunk, a connection cut mid-body): Kestrel
            // does not always raise those as BadHttpRequestException when the endpoint reads them.
            return (null, $"the request body could not be read: {ex.Message}; send a complete JSON body");
        }
        try
        {
            using var doc = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (doc.RootElement.ValueKind != JsonValueKind.Object && !(allowArray && doc.RootElement.ValueKind == JsonValueKind.Array))
                return (null, allowArray
                    ? "the body must be a JSON object such as {\"kind\":\"sleep\",\"seconds\":60} or an array of them"
                    : "the body must be a JSON object such as {\"kind\":\"sleep\",\"seconds\":60}");
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var element in doc.RootElement.EnumerateArray())
                {
                    if (Validate(element) is { } elementProblem)
                        return (null, $"element {index}: {elementProblem}");
                    index++;
                }
            }
            else if (Validate(doc.RootElement) is { } problem)
                return (null, problem);
            return (JsonNode.Parse(doc.RootElement.GetRawText()), null);
        }
        catch (JsonException ex)
        {
            return (null, $"the body is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            return (null, $"the body is not valid JSON text: {ex.Message}");
        }
    }

    /// <summary>Touches every name and string once (which checks their encoding) and refuses duplicate keys and NULs.</summary>
    private static string? Validate(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject())
                {
                    if (!names.Add(p.Name))
                        return $"the body has the key \"{Shorten(p.Name)}\" twice";
                    if (p.Name.Contains('\0', StringComparison.Ordinal))
                        return "a key contains a NUL character";
                    if (Validate(p.Value) is { } inner)
                        return inner;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (Validate(item) is { } inner)
                        return inner;
                return null;
            case JsonValueKind.String:
                return element.GetString()!.Contains('\0', StringComparison.Ordinal) ? "a string contains a NUL character" : null;
            default:
                return null;
        }
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
