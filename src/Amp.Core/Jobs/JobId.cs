using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Amp.Core.Jobs;

/// <summary>A job's public ID: a positive 64-bit integer.</summary>
public readonly record struct JobId(long Value)
{
    public static bool TryParse(string? raw, out JobId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0)
        {
            id = new JobId(v);
            error = null;
            return true;
        }
        var shown = raw is null ? "" : raw.Length > 40 ? raw[..37] + "..." : raw;
        error = $"invalid job ID '{shown}': must be a positive integer";
        return false;
    }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
