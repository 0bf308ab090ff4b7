namespace Amp.Controller.Errors;

/// <summary>
/// Finds text in a request that PostgreSQL cannot store (a NUL character, half of a surrogate pair from invalid
/// UTF-16 or UTF-8), so it is refused as 400 before any query runs instead of failing inside the database as a 500.
/// </summary>
public static class RequestText
{
    /// <summary>A message naming the offending part of the request, or null when all of it can be stored.</summary>
    public static string? FindUnstorable(HttpRequest request)
    {
        if (!Storable(request.Path.Value))
            return "the request path contains a NUL character or invalid UTF-8; node IDs, job IDs and other path segments are plain text";
        foreach (var (key, values) in request.Query)
        {
            if (!Storable(key))
                return "a query parameter name contains a NUL character or invalid UTF-8";
            foreach (var value in values)
                if (!Storable(value))
                    return $"query parameter '{Printable(key)}' contains a NUL character or invalid UTF-8";
        }
        return null;
    }

    public static bool Storable(string? text)
    {
        if (text is null)
            return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || c == '\uFFFD')
                return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                    return false;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    private static string Printable(string s) => new(s.Take(40).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());
}
