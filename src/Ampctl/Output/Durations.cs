using System.Globalization;

namespace Ampctl.Output;

/// <summary>Short human durations: <c>46s</c>, <c>4m 46s</c>, <c>2h 3m</c>, <c>3d 4h</c>; ages below a minute to a tenth of a second.</summary>
public static class Durations
{
    /// <summary>The two largest units of a whole number of seconds; negative values count as zero.</summary>
    public static string Format(long totalSeconds)
    {
        var s = Math.Max(0, totalSeconds);
        return s switch
        {
            < 60 => $"{s}s",
            < 3600 => $"{s / 60}m {s % 60}s",
            < 86400 => $"{s / 3600}h {s % 3600 / 60}m",
            _ => $"{s / 86400}d {s % 86400 / 3600}h",
        };
    }

    /// <summary>Uptime, or <c>-</c> when there is none (an inactive worker).</summary>
    public static string FormatUptime(long? uptimeSeconds) => uptimeSeconds is { } s ? Format(s) : "-";

    /// <summary>How long ago, from milliseconds: <c>0.4s</c> under a minute (tenths, truncated), else <see cref="Format"/>.</summary>
    public static string FormatAge(long milliseconds)
    {
        var ms = Math.Max(0, milliseconds);
        if (ms < 60_000)
            return (ms / 100 / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + "s";
        return Format(ms / 1000);
    }

    /// <summary>
    /// A duration as an operator typed it, in its largest exact unit: <c>1h</c>, <c>5m</c>, <c>90s</c>, <c>500ms</c>
    /// (used to echo <c>--wait</c> and <c>--interval</c> values).
    /// </summary>
    public static string FormatExact(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        return ms switch
        {
            0 => "0s",
            _ when ms % 3_600_000 == 0 => $"{ms / 3_600_000}h",
            _ when ms % 60_000 == 0 => $"{ms / 60_000}m",
            _ when ms % 1_000 == 0 => $"{ms / 1_000}s",
            _ => $"{ms}ms",
        };
    }
}
