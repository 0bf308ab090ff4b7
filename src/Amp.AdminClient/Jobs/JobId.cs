using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Amp.AdminClient.Jobs;

/// <summary>
/// A job's identifier: a positive 64-bit integer, as the Admin API requires in paths and queries
/// (<c>/jobs/{id}</c>, <c>last_job_id</c>). Parse raw input once at the edge and pass this type inside.
/// </summary>
[JsonConverter(typeof(JobIdJsonConverter))]
public readonly record struct JobId : IComparable<JobId>
{
    private JobId(long value) => Value = value;

    public long Value { get; }

    /// <summary>Parses a decimal job ID, or explains which rule it broke (<c>Invalid job ID 'x': ...</c>).</summary>
    public static bool TryParse(string? raw, out JobId id, [NotNullWhen(false)] out string? error) =>
        TryParse(raw, "job ID", out id, out error);

    /// <param name="what">How the error names the value, e.g. <c>job ID</c> or <c>event ID</c>.</param>
    public static bool TryParse(string? raw, string what, out JobId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        error = Validate(raw, what, out var value);
        if (error is not null)
            return false;
        id = new JobId(value);
        return true;
    }

    /// <summary>Wraps a value known to be positive (read from the API); false for zero or negative values.</summary>
    public static bool TryCreate(long value, out JobId id)
    {
        id = value > 0 ? new JobId(value) : default;
        return value > 0;
    }

    /// <summary>Parses a value known to be valid (tests, constants); throws otherwise.</summary>
    public static JobId Parse(string raw) =>
        TryParse(raw, out var id, out var error) ? id : throw new FormatException(error);

    private static string? Validate(string? raw, string what, out long value)
    {
        value = 0;
        var shown = raw is { Length: > 64 } ? raw[..61] + "..." : raw;
        if (string.IsNullOrEmpty(raw))
            return $"Invalid {what} '': must not be empty";
        var digits = raw[0] is '-' or '+' ? raw[1..] : raw;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
            return $"Invalid {what} '{shown}': must be a positive integer, e.g. 12";
        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return $"Invalid {what} '{shown}': must be at most {long.MaxValue}";
        if (value <= 0)
            return $"Invalid {what} '{shown}': must be a positive integer (1 or more)";
        return null;
    }

    public int CompareTo(JobId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
