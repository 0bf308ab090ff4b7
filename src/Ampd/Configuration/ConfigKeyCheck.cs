using Amp.Core.CommandLine;

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
            var distance = Math.Min(NearestName.Distance(key, known), NearestName.Distance(LastSegment(key), LastSegment(known)) + (LastSegment(key) == key ? 0 : 1));
            if (distance < bestDistance)
                (best, bestDistance) = (known, distance);
        }
        return best is not null && bestDistance <= NearestName.Limit(LastSegment(key)) ? best : null;
    }

    private static string LastSegment(string key) => key[(key.LastIndexOf('.') + 1)..];
}
