using System.Globalization;

namespace Amp.Controller.Workers;

/// <summary>The <c>limit</c> and numeric <c>cursor</c> query parameters of paged worker routes.</summary>
internal static class Paging
{
    /// <summary>Parses limit (1..max); returns an error message or null. Absent → <paramref name="fallback"/>.</summary>
    public static string? ParseLimit(string? raw, int max, int? fallback, out int? limit)
    {
        limit = fallback;
        if (raw is null)
            return null;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            return $"limit must be a whole number from 1 to {max}, got '{WorkerEndpoints.Shorten(raw)}'";
        if (value > max)
            return $"limit {value} is above the maximum of {max}; page with cursor instead";
        limit = value;
        return null;
    }

    /// <summary>Parses a positive numeric cursor; returns an error message or null.</summary>
    public static string? ParseCursor(string? raw, string name, out long? cursor)
    {
        cursor = null;
        if (raw is null)
            return null;
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            return $"{name} must be the value of the previous page's next cursor (a positive number), got '{WorkerEndpoints.Shorten(raw)}'";
        cursor = value;
        return null;
    }
}
