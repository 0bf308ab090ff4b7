namespace Amp.Query.Engine;

/// <summary>What kind of failure an error is; each transport maps it to its own status in one place.</summary>
public enum QueryErrorKind
{
    /// <summary>The request is wrong: bad SQL, a refused statement, a name that is not a dataset table.</summary>
    BadRequest,
    NotFound,
    Timeout,
    ResourceExhausted,
    Busy,
    Internal,
}

/// <summary>An error a client sees: a stable code (Amp's where Amp has one) and a message that says what to do.</summary>
public sealed record QueryError(string Code, string Message, QueryErrorKind Kind)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>The stable error codes of the query server.</summary>
public static class QueryErrorCodes
{
    public const string InvalidSqlString = "INVALID_SQL_STRING";
    public const string SqlParseError = "SQL_PARSE_ERROR";
    public const string StreamingNotSupported = "STREAMING_NOT_SUPPORTED";
    public const string StatementNotAllowed = "STATEMENT_NOT_ALLOWED";
    public const string FunctionNotAllowed = "FUNCTION_NOT_ALLOWED";
    public const string InvalidTableReference = "INVALID_TABLE_REFERENCE";
    public const string DatasetNotFound = "DATASET_NOT_FOUND";
    public const string TableNotFound = "TABLE_NOT_FOUND";
    public const string PlanningError = "SQL_PLANNING_ERROR";
    public const string ExecutionError = "QUERY_EXECUTION_ERROR";
    public const string FileAccessDenied = "FILE_ACCESS_DENIED";
    public const string QueryTimeout = "QUERY_TIMEOUT";
    public const string MemoryLimitExceeded = "MEMORY_LIMIT_EXCEEDED";
    public const string ServerBusy = "SERVER_BUSY";
    public const string MetadataDbUnavailable = "METADATA_DB_UNAVAILABLE";
}
