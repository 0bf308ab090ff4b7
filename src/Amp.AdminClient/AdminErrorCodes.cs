namespace Amp.AdminClient;

/// <summary>
/// Error codes a caller may dispatch on. The server's codes are listed for convenience; the client adds
/// its own for failures that never produced a well-formed API error body.
/// </summary>
public static class AdminErrorCodes
{
    // Server codes (the Admin API contract).
    public const string InvalidWorkerId = "INVALID_WORKER_ID";
    public const string WorkerNotFound = "WORKER_NOT_FOUND";

    /// <summary>The worker's lock is still held (it is running), so it cannot be retired; stop it first.</summary>
    public const string WorkerActive = "WORKER_ACTIVE";
    public const string MetadataDbUnavailable = "METADATA_DB_UNAVAILABLE";

    // Client codes.

    /// <summary>No HTTP response: connection refused, DNS failure, TLS failure or timeout.</summary>
    public const string ControllerUnreachable = "CONTROLLER_UNREACHABLE";

    /// <summary>A 4xx/5xx response whose body is not an Admin API error object (a proxy page, an empty 405).</summary>
    public const string UnexpectedResponse = "UNEXPECTED_RESPONSE";

    /// <summary>A 2xx response whose body does not match the contract (not JSON, missing or mistyped fields).</summary>
    public const string InvalidResponse = "INVALID_RESPONSE";
}
