using System.Collections;
using Microsoft.Extensions.Logging;

namespace Ampd.Configuration;

/// <summary>
/// The log level from <c>AMP_LOG_LEVEL</c> (trace, debug, information, warning, error) or, as in Amp, <c>AMP_LOG</c>
/// (error | warn | info | debug | trace, or an env-filter list such as <c>info,amp=debug</c>, whose most verbose
/// level wins). A value that is neither is a usage error naming the variable and the accepted values.
/// </summary>
public static class LogLevelSetting
{
    public const string LevelVariable = "AMP_LOG_LEVEL";
    public const string AmpVariable = "AMP_LOG";

    private const string Accepted = "trace, debug, info, warn, error (or information, warning, critical, none)";

    public static LogLevel Resolve(IDictionary environment)
    {
        if (Value(environment, LevelVariable) is { } level)
            return Parse(level) ?? throw new ConfigException($"{LevelVariable}='{level}' is not a log level; use one of {Accepted}");
        if (Value(environment, AmpVariable) is { } filter)
        {
            LogLevel? mostVerbose = null;
            foreach (var directive in filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var raw = directive.Contains('=', StringComparison.Ordinal) ? directive[(directive.IndexOf('=', StringComparison.Ordinal) + 1)..] : directive;
                var parsed = Parse(raw) ?? throw new ConfigException($"{AmpVariable}='{filter}': '{directive}' is not a log level or target=level; use one of {Accepted}");
                mostVerbose = mostVerbose is null || parsed < mostVerbose ? parsed : mostVerbose;
            }
            return mostVerbose ?? LogLevel.Information;
        }
        return LogLevel.Information;
    }

    /// <summary>The level for a process whose environment was validated at start-up (falls back to information).</summary>
    public static LogLevel Current()
    {
        try
        {
            return Resolve(Environment.GetEnvironmentVariables());
        }
        catch (ConfigException)
        {
            return LogLevel.Information;
        }
    }

    private static string? Value(IDictionary environment, string name) =>
        environment[name] is string s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static LogLevel? Parse(string raw) => raw.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" or "off" => LogLevel.None,
        _ => null,
    };
}
