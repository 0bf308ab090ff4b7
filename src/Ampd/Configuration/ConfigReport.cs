namespace Ampd.Configuration;

/// <summary>
/// Prints what the key check found, one line each on stderr (<c>warning: …</c>, <c>info: …</c>), and enforces
/// <c>--strict-config</c> / <c>strict_config = true</c>: with unknown keys, start-up stops with a usage error.
/// </summary>
public static class ConfigReport
{
    public static AmpConfig Load(string? configPath, bool strictFlag, string defaultAdminAddr = AmpConfig.ControllerDefaultAdminAddr)
    {
        var config = AmpConfig.Load(configPath, Environment.GetEnvironmentVariables(), defaultAdminAddr);
        Print(config, strictFlag, Console.Error);
        return config;
    }

    public static void Print(AmpConfig config, bool strictFlag, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stderr);
        foreach (var notice in config.Notices)
            stderr.WriteLine($"{(notice.IsWarning ? "warning" : "info")}: {notice.Text}");
        var unknown = config.Notices.Count(n => n.IsWarning);
        if (unknown > 0 && (strictFlag || config.StrictConfig))
        {
            var why = strictFlag ? "--strict-config" : "strict_config = true";
            throw new ConfigException($"{unknown} unknown config key(s) (see the warnings above) and {why} is set; correct or remove them, or drop {why}");
        }
    }
}
