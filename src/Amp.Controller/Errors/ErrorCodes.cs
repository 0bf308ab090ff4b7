namespace Amp.Controller.Errors;

/// <summary>Every error code of the Admin API and the HTTP status it maps to, in one place.</summary>
public static class ErrorCodes
{
    public const string InvalidWorkerId = "INVALID_WORKER_ID";
    public const string WorkerNotFound = "WORKER_NOT_FOUND";
    public const string WorkerActive = "WORKER_ACTIVE";
    public const string InvalidQueryParameters = "INVALID_QUERY_PARAMETERS";
    public const string InvalidQueryParam = "INVALID_QUERY_PARAM";
    public const string LimitTooLarge = "LIMIT_TOO_LARGE";
    public const string LimitInvalid = "LIMIT_INVALID";
    public const string InvalidJobId = "INVALID_JOB_ID";
    public const string JobNotFound = "JOB_NOT_FOUND";
    public const string JobConflict = "JOB_CONFLICT";
    public const string EventNotFound = "EVENT_NOT_FOUND";
    public const string InvalidBody = "INVALID_BODY";
    public const string WorkerNotAvailable = "WORKER_NOT_AVAILABLE";
    public const string NoWorkersAvailable = "NO_WORKERS_AVAILABLE";
    public const string NoMatchingWorkers = "NO_MATCHING_WORKERS";
    public const string ActiveJobConflict = "ACTIVE_JOB_CONFLICT";
    public const string MetadataDbUnavailable = "METADATA_DB_UNAVAILABLE";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string BadRequest = "BAD_REQUEST";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string InternalError = "INTERNAL_ERROR";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string CrossSiteRequest = "CROSS_SITE_REQUEST";
    public const string InvalidHost = "INVALID_HOST";

    // Datasets, manifests and providers (Amp's codes).
    public const string InvalidPath = "INVALID_PATH";
    public const string InvalidPayloadFormat = "INVALID_PAYLOAD_FORMAT";
    public const string InvalidManifest = "INVALID_MANIFEST";
    public const string UnsupportedDatasetKind = "UNSUPPORTED_DATASET_KIND";
    public const string InvalidHash = "INVALID_HASH";
    public const string ManifestNotFound = "MANIFEST_NOT_FOUND";
    public const string ManifestLinked = "MANIFEST_LINKED";
    public const string DatasetNotFound = "DATASET_NOT_FOUND";
    public const string CannotDeleteLatestVersion = "CANNOT_DELETE_LATEST_VERSION";
    public const string InvalidRequestBody = "INVALID_REQUEST_BODY";
    public const string InvalidProviderName = "INVALID_PROVIDER_NAME";
    public const string ProviderNotFound = "PROVIDER_NOT_FOUND";
    public const string ProviderConversionError = "PROVIDER_CONVERSION_ERROR";
    public const string NoProviderForNetwork = "NO_PROVIDER_FOR_NETWORK";
    public const string ManifestStorageError = "MANIFEST_STORAGE_ERROR";
    public const string VerifyNotSupported = "VERIFY_NOT_SUPPORTED";

    // Revisions, files and restore (Amp's codes).
    public const string InvalidPathParameters = "INVALID_PATH_PARAMETERS";
    public const string RevisionNotFound = "REVISION_NOT_FOUND";
    public const string TableNotFound = "TABLE_NOT_FOUND";
    public const string TableNotInManifest = "TABLE_NOT_IN_MANIFEST";
    public const string TableNotRegistered = "TABLE_NOT_REGISTERED";
    public const string InvalidFileId = "INVALID_FILE_ID";
    public const string FileNotFound = "FILE_NOT_FOUND";
    public const string WriterJobNotTerminal = "WRITER_JOB_NOT_TERMINAL";

    // The dashboard's query box.
    public const string QueryFailed = "QUERY_FAILED";
    public const string QueryServerUnavailable = "QUERY_SERVER_UNAVAILABLE";

    public static int StatusOf(string code) => code switch
    {
        InvalidWorkerId or InvalidQueryParameters or InvalidQueryParam or LimitTooLarge or LimitInvalid or InvalidJobId
            or InvalidBody or WorkerNotAvailable or BadRequest => StatusCodes.Status400BadRequest,
        InvalidPath or InvalidPayloadFormat or InvalidManifest or UnsupportedDatasetKind or InvalidHash or CannotDeleteLatestVersion
            or InvalidRequestBody or InvalidProviderName or NoProviderForNetwork or VerifyNotSupported => StatusCodes.Status400BadRequest,
        InvalidPathParameters or InvalidFileId => StatusCodes.Status400BadRequest,
        RevisionNotFound or TableNotFound or TableNotInManifest or TableNotRegistered or FileNotFound => StatusCodes.Status404NotFound,
        WriterJobNotTerminal => StatusCodes.Status409Conflict,
        WorkerNotFound or JobNotFound or EventNotFound or NotFound => StatusCodes.Status404NotFound,
        ManifestNotFound or DatasetNotFound or ProviderNotFound => StatusCodes.Status404NotFound,
        JobConflict or ActiveJobConflict or ManifestLinked => StatusCodes.Status409Conflict,
        NoWorkersAvailable or NoMatchingWorkers => StatusCodes.Status503ServiceUnavailable,
        MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        QueryFailed => StatusCodes.Status400BadRequest,
        QueryServerUnavailable => StatusCodes.Status502BadGateway,
        WorkerActive => StatusCodes.Status409Conflict,
        PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        MetadataDbUnavailable => StatusCodes.Status503ServiceUnavailable,
        Unauthorized => StatusCodes.Status401Unauthorized,
        CrossSiteRequest or InvalidHost => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status500InternalServerError,
    };
}
