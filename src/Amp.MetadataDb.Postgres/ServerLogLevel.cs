using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Amp.MetadataDb.Postgres;

/// <summary>Maps a line the server printed to a log level: stdout is information, stderr by its severity tag.</summary>
internal static partial class ServerLogLevel
{
    public static LogLevel ForStdout(string _) => LogLevel.Information;

    public static LogLevel ForStderr(string line)
    {
        Match m = Severity().Match(line);
        if (!m.Success)
            return LogLevel.Warning;
        return m.Groups[1].Value switch
        {
            "WARNING" or "ERROR" or "PANIC" => LogLevel.Warning,
            // Readiness probes connect while the server starts or recovers (SQLSTATE 57P03); that refusal is expected.
            "FATAL" => line.Contains("the database system is ", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning,
            _ => LogLevel.Information,
        };
    }

    [GeneratedRegex(@"(?:^|\s)(DEBUG[1-5]?|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|CONTEXT|STATEMENT):\s")]
    private static partial Regex Severity();
}
