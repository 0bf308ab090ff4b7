namespace Amp.AdminClient.Jobs;

/// <summary>The Admin API's error codes for <c>/jobs</c>, for callers that dispatch on them.</summary>
public static class JobErrorCodes
{
    /// <summary>400: a job ID in the path is not a positive 64-bit integer.</summary>
    public const string InvalidJobId = "INVALID_JOB_ID";

    /// <summary>404: no job has this ID.</summary>
    public const string JobNotFound = "JOB_NOT_FOUND";

    /// <summary>404: the job has no event with this ID.</summary>
    public const string EventNotFound = "EVENT_NOT_FOUND";

    /// <summary>409: the job has not finished, so it cannot be removed; stop it first.</summary>
    public const string JobConflict = "JOB_CONFLICT";

    /// <summary>400: a query parameter of <c>GET /jobs</c> or <c>DELETE /jobs</c> is not valid.</summary>
    public const string InvalidQueryParameters = "INVALID_QUERY_PARAMETERS";

    /// <summary>400: <c>limit</c> is above the maximum page size.</summary>
    public const string LimitTooLarge = "LIMIT_TOO_LARGE";

    /// <summary>400: <c>limit</c> is zero.</summary>
    public const string LimitInvalid = "LIMIT_INVALID";

    /// <summary>400: the body of <c>POST /jobs</c> is not a valid descriptor.</summary>
    public const string InvalidBody = "INVALID_BODY";

    /// <summary>400: the requested worker is not active.</summary>
    public const string WorkerNotAvailable = "WORKER_NOT_AVAILABLE";

    /// <summary>503: no worker is active.</summary>
    public const string NoWorkersAvailable = "NO_WORKERS_AVAILABLE";

    /// <summary>503: no active worker matches the requested prefix.</summary>
    public const string NoMatchingWorkers = "NO_MATCHING_WORKERS";

    /// <summary>409: a job with this idempotency key is active with a different descriptor.</summary>
    public const string ActiveJobConflict = "ACTIVE_JOB_CONFLICT";
}
