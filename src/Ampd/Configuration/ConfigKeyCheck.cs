namespace Ampd.Configuration;

/// <summary>What the key check found about one setting: an unknown key (a warning) or an Amp key we ignore (info).</summary>
public sealed record ConfigNotice(bool IsWarning, string Text);

/// <summary>
/// Compares the keys of the config file and of the <c>AMP_CONFIG_*</c> variables with <see cref="KnownConfigKeys"/>:
/// an unknown key is a warning naming where it came from and the nearest known key; a key Amp documents but this
/// implementation ignores gets one info line.
/// </summary>
public static class ConfigKeyCheck
{
    public static IReadOnlyList<ConfigNotice> Run(ConfigSource source)
    {
        var notices = new List<ConfigNotice>();
        foreach (var (key, origin) in source.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (KnownConfigKeys.IsUsed(key))
                continue;
            if (KnownConfigKeys.IsAmpOnly(key))
            {
                notices.Add(new ConfigNotice(false, $"{origin}: '{key}' is an Amp setting this implementation does not use; it is ignored"));
                continue;
            }
            var hint = Nearest(key) is { } near ? $"; did you mean {near}?" : "; see docs/config.md for the keys";
            notices.Add(new ConfigNotice(true, $"{origin}: unknown key '{key}' is ignored{hint}"));
        }
        return notices;
    }

    /// <summary>The known key closest to <paramref name="key"/>, comparing whole keys and their last segments.</summary>
    public static string? Nearest(string key)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in KnownConfigKeys.Used.Concat(KnownConfigKeys.AmpOnly))
        {
            if (known.EndsWith(".*", StringComparison.Ordinal))
                continue;
            var distance = Math.Min(Distance(key, known), Distance(LastSegment(key), LastSegment(known)) + (LastSegment(key) == key ? 0 : 1));
            if (distance < bestDistance)
                (best, bestDistance) = (known, distance);
        }
        return best is not null && bestDistance <= Math.Max(2, LastSegment(key).Length / 3) ? best : null;
    }

    private static string LastSegment(string key) => key[(key.LastIndexOf('.') + 1)..];

    /// <summary>Levenshtein distance, case-insensitive.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
