using System.CommandLine;

namespace Ampd.Commands;

internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "Path of the TOML config file (env AMP_CONFIG)",
    };

    public static string? ConfigPath(ParseResult r, Option<string?> option) =>
        r.GetValue(option) ?? NonEmpty(Environment.GetEnvironmentVariable("AMP_CONFIG"));

    public static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
