namespace Amp.Controller.Errors;

/// <summary>Every error code of the Admin API and the HTTP status it maps to, in one place.</summary>
public static class ErrorCodes
{
    public const string InvalidWorkerId = "INVALID_WORKER_ID";
    public const string WorkerNotFound = "WORKER_NOT_FOUND";
    public const string WorkerActive = "WORKER_ACTIVE";
    public const string InvalidQueryParameters = "INVALID_QUERY_PARAMETERS";
    public const string MetadataDbUnavailable = "METADATA_DB_UNAVAILABLE";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string BadRequest = "BAD_REQUEST";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string InternalError = "INTERNAL_ERROR";

    public static int StatusOf(string code) => code switch
    {
        InvalidWorkerId or InvalidQueryParameters or BadRequest => StatusCodes.Status400BadRequest,
        WorkerNotFound or NotFound => StatusCodes.Status404NotFound,
        MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        WorkerActive => StatusCodes.Status409Conflict,
        PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        MetadataDbUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
