using System.Globalization;
using DuckDB.NET.Data;

namespace Amp.Query.Engine;

/// <summary>A query that failed after it started streaming; carries the error the transport reports or logs.</summary>
public sealed class QueryFailedException(QueryError error, Exception? inner = null) : Exception(error.ToString(), inner)
{
    public QueryError Error { get; } = error;
}

/// <summary>Turns what DuckDB throws into the server's errors, in one place.</summary>
internal static class QueryFailures
{
    public static QueryError Timeout(QueryEngineOptions options) => new(QueryErrorCodes.QueryTimeout,
        string.Create(CultureInfo.InvariantCulture,
            $"the query ran longer than the statement timeout of {options.StatementTimeout.TotalSeconds:0.###} s and was stopped; narrow it with a WHERE on block_num or a LIMIT"),
        QueryErrorKind.Timeout);

    public static QueryError Busy(QueryEngineOptions options) => new(QueryErrorCodes.ServerBusy,
        string.Create(CultureInfo.InvariantCulture,
            $"all {options.MaxConcurrentQueries} query slots stayed busy for {options.StatementTimeout.TotalSeconds:0.###} s; try again later"),
        QueryErrorKind.Busy);

    /// <summary>The error for an exception thrown while planning or running a query; null when it is not DuckDB's.</summary>
    public static QueryError? From(Exception exception, bool timedOut, QueryEngineOptions options)
    {
        if (timedOut)
            return Timeout(options);
        if (exception is not DuckDBException duck)
            return null;
        var message = duck.Message;
        if (message.StartsWith("Out of Memory Error", StringComparison.Ordinal))
        {
            return new QueryError(QueryErrorCodes.MemoryLimitExceeded,
                string.Create(CultureInfo.InvariantCulture,
                    $"the query needed more than the per-query memory limit of {options.MemoryLimitBytes / (1024 * 1024)} MiB and was stopped; select fewer columns or rows. ({FirstLine(message)})"),
                QueryErrorKind.ResourceExhausted);
        }
        if (message.StartsWith("Permission Error", StringComparison.Ordinal))
            return new QueryError(QueryErrorCodes.FileAccessDenied, FirstLine(message), QueryErrorKind.BadRequest);
        if (message.StartsWith("Parser Error", StringComparison.Ordinal))
            return new QueryError(QueryErrorCodes.SqlParseError, message, QueryErrorKind.BadRequest);
        if (message.StartsWith("Binder Error", StringComparison.Ordinal) || message.StartsWith("Catalog Error", StringComparison.Ordinal))
            return new QueryError(QueryErrorCodes.PlanningError, message, QueryErrorKind.BadRequest);
        return new QueryError(QueryErrorCodes.ExecutionError, message, QueryErrorKind.BadRequest);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
