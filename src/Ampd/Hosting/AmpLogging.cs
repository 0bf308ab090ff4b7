using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Ampd.Hosting;

/// <summary>
/// One log format for every ampd mode: single-line text with UTC timestamps, or JSON lines when
/// AMP_LOG_FORMAT=json. AMP_LOG_LEVEL (or Amp's AMP_LOG) sets the level; see <see cref="Configuration.LogLevelSetting"/>.
/// </summary>
public static class AmpLogging
{
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        var level = Configuration.LogLevelSetting.Current();
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        logging.AddFilter("Npgsql", LogLevel.Warning);
        if (string.Equals(Environment.GetEnvironmentVariable("AMP_LOG_FORMAT"), "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                o.ColorBehavior = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is not null
                    ? LoggerColorBehavior.Disabled
                    : LoggerColorBehavior.Default;
            });
        }
    }

    public static ILoggerFactory CreateFactory() => LoggerFactory.Create(Configure);
}
