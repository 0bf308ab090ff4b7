using System.Text;

namespace Amp.Chaos.Tests.Fuzz;

/// <summary>What a fuzz request must get besides "no 5xx".</summary>
public enum Expectation
{
    /// <summary>Any answer below 500 (with a well-formed error body when it is a JSON 4xx).</summary>
    No5xx,

    /// <summary>A method the route does not serve: 405 METHOD_NOT_ALLOWED.</summary>
    MethodNotAllowed,

    /// <summary>A body above the 1 MiB limit: 413 PAYLOAD_TOO_LARGE.</summary>
    PayloadTooLarge,

    /// <summary>A NUL or invalid UTF-8 in a query parameter or path segment: 400 INVALID_QUERY_PARAMETERS.</summary>
    UnstorableText,
}

/// <summary>One generated request: method, raw path and query (already percent-encoded as sent), body, headers.</summary>
public sealed record FuzzRequest(
    int Index,
    string Category,
    string Method,
    string PathAndQuery,
    byte[]? Body = null,
    string? ContentType = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null,
    bool Chunked = false,
    Expectation Expect = Expectation.No5xx)
{
    /// <summary>How the request reads in a failure message: short enough to print, precise enough to replay.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"#{Index} [{Category}] {Method} {Shorten(PathAndQuery, 300)}");
        if (ContentType is not null)
            sb.Append($"\n  Content-Type: {ContentType}");
        foreach (var (k, v) in Headers ?? [])
            sb.Append($"\n  {k}: {Shorten(v, 120)}");
        if (Body is not null)
            sb.Append($"\n  body ({Body.Length} bytes{(Chunked ? ", chunked" : "")}): {Shorten(Preview(Body), 300)}");
        return sb.ToString();
    }

    private static string Preview(byte[] body) =>
        Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400)).Replace("\0", "\\0", StringComparison.Ordinal);

    internal static string Shorten(string s, int max) => s.Length <= max ? s : $"{s[..max]}… ({s.Length} chars)";
}
