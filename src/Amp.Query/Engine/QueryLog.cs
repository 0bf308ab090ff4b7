using Microsoft.Extensions.Logging;

namespace Amp.Query.Engine;

internal static partial class QueryLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Query refused: {error_code}: {error_message}")]
    public static partial void Refused(ILogger logger, string error_code, string error_message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Query failed: {error_code}: {error_message}")]
    public static partial void Failed(ILogger logger, string error_code, string error_message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Query started over {table_count} dataset tables")]
    public static partial void Started(ILogger logger, int table_count);
}
