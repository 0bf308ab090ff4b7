using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Ampctl.Output;

namespace Ampctl.Commands;

/// <summary>
/// Duration options (<c>--threshold</c>, <c>--interval</c>, <c>--wait</c>): <c>500ms</c>, <c>30s</c>, <c>5m</c>,
/// <c>1h</c>, or plain seconds (<c>30</c>, <c>1.5</c>). Anything else is a usage error (exit 2).
/// </summary>
internal static partial class DurationOption
{
    /// <summary>The longest duration accepted: what a timer can wait in one go (about 24 days).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <param name="positive">True when zero is not a valid value (an interval).</param>
    /// <param name="defaultValue">What the command uses when the option is absent, shown in help; null: none.</param>
    public static Option<TimeSpan?> Create(string name, string description, bool positive, TimeSpan? defaultValue = null)
    {
        var option = new Option<TimeSpan?>(name)
        {
            Description = defaultValue is { } d ? $"{description} (default: {Format(d)})" : description,
            HelpName = "DURATION",
        };
        option.CustomParser = result =>
        {
            var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!TryParse(raw, out var value, out var error))
            {
                result.AddError($"invalid {name} '{raw}': {error}");
                return null;
            }
            if (positive && value <= TimeSpan.Zero)
            {
                result.AddError($"invalid {name} '{raw}': must be greater than zero");
                return null;
            }
            return value;
        };
        return option;
    }

    public static bool TryParse(string? raw, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = "expected a duration such as 500ms, 30s, 5m, 1h or plain seconds";
        var match = Pattern().Match(raw?.Trim() ?? "");
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return false;
        var ms = match.Groups[2].Value switch
        {
            "ms" => number,
            "m" => number * 60_000,
            "h" => number * 3_600_000,
            _ => number * 1_000,
        };
        if (ms > Max.TotalMilliseconds)
        {
            error = "must be at most 24 days";
            return false;
        }
        value = TimeSpan.FromMilliseconds(Math.Round(ms));
        return true;
    }

    /// <summary>The shortest exact form in one unit: <c>1h</c>, <c>5m</c>, <c>30s</c>, <c>500ms</c> (see <see cref="Durations.FormatExact"/>).</summary>
    public static string Format(TimeSpan value) => Durations.FormatExact(value);

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
