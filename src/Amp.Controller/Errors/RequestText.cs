using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Amp.Controller.Errors;

/// <summary>
/// Finds text in a request that PostgreSQL cannot store or that is not text at all: a NUL character, or a
/// percent-escape sequence that is not valid UTF-8 (ASP.NET leaves such escapes undecoded, so they would reach
/// the database as odd literals or fail inside it). Checked on the raw request target, before any route runs,
/// so every path segment and query parameter is refused the same way: 400 INVALID_QUERY_PARAMETERS.
/// </summary>
public static class RequestText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A message naming the offending part of the request, or null when all of it is storable text.</summary>
    public static string? FindUnstorable(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var path = q >= 0 ? raw[..q] : raw;
        if (!Storable(path))
            return "the request path contains a NUL character or invalid UTF-8; node IDs, job IDs and other path segments are plain text";
        if (q < 0)
            return null;
        foreach (var pair in raw[(q + 1)..].Split('&', ';'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq >= 0 ? pair[..eq] : pair;
            if (!Storable(name))
                return "a query parameter name contains a NUL character or invalid UTF-8";
            if (eq >= 0 && !Storable(pair[(eq + 1)..]))
                return $"query parameter '{Printable(name)}' contains a NUL character or invalid UTF-8";
        }
        return null;
    }

    /// <summary>Whether percent-decoded <paramref name="encoded"/> is UTF-8 text without NUL (a lone '%' stays literal).</summary>
    public static bool Storable(string encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '\0')
            {
                return false;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD" : c.ToString()));
            }
        }
        if (bytes.Contains(0))
            return false;
        try
        {
            StrictUtf8.GetString(bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static string Printable(string s) => new(s.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
