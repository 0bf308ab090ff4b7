using System.CommandLine;
using Amp.Core.CommandLine;

namespace Ampd.Commands;

internal static class CommonOptions
{
    private static readonly HashSet<string> GlobalWithValue = new(StringComparer.Ordinal) { "--config", "-c", "--amp-dir" };
    private static readonly HashSet<string> GlobalFlags = new(StringComparer.Ordinal) { "--strict-config" };

    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "Path of the TOML config file (env AMP_CONFIG); also accepted before the command",
    };

    public static Option<bool> StrictConfig() => new("--strict-config")
    {
        Description = "Unknown config keys are an error (exit 2) instead of a warning; also strict_config = true",
    };

    public static Option<string?> AmpDir() => new("--amp-dir")
    {
        Description = "Amp dir of an 'ampd solo' whose database to use when none is configured (env AMP_DIR, default ./.amp)",
    };

    /// <summary><c>ampd --config FILE worker …</c>: global options before the command move to the command.</summary>
    public static string[] HoistGlobalOptions(string[] args) => LeadingOptions.Hoist(args, GlobalWithValue, GlobalFlags);

    public static string? ConfigPath(ParseResult r, Option<string?> option) =>
        r.GetValue(option) ?? NonEmpty(Environment.GetEnvironmentVariable("AMP_CONFIG"));

    public static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
