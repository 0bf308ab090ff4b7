using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Controller.Datasets;
using Amp.Controller.Errors;
using Amp.Controller.Jobs;
using Amp.Controller.Manifests;
using Amp.DataStore.Parquet;
using Amp.Datasets.Identity;
using Amp.Datasets.Manifests;
using Amp.MetadataDb.Datasets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Tables;

/// <summary>
/// <c>/revisions</c>: the physical table revisions (Amp's R1–R3, R5, R8, R9; the id is Amp's location id). Bodies that
/// do not parse are 400 INVALID_BODY as JSON (Amp answers them in plain text).
/// </summary>
public static partial class RevisionEndpoints
{
    public const long DefaultLimit = 100;

    public static RouteGroupBuilder MapRevisionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/revisions").WithTags("Revisions");
        group.MapGet("/", ListAsync).WithName("ListRevisions")
            .WithSummary("Physical table revisions, newest id first; ?active=true|false, ?limit=N (default 100), ?dataset=ns/name (only that dataset's); a JSON array of RevisionInfo");
        group.MapPost("/", RegisterAsync).WithName("RegisterRevision")
            .WithSummary("Register a revision directory {dataset: ns/name@rev, table_name, path: ns/name/table/uuid} (inactive, no files); 200 {location_id}; an existing path returns its id")
            .Accepts<JsonObject>("application/json");
        group.MapGet("/{id}", GetAsync).WithName("GetRevision").WithSummary("One revision (RevisionInfo)");
        group.MapPost("/{id}/restore", RestoreAsync).WithName("RestoreRevision")
            .WithSummary("Register the segment files found in the revision's directory (footers checked; bad files skipped and listed); 200 {total_files, files_registered, files_skipped}; 409 WRITER_JOB_NOT_TERMINAL while a job writes it");
        group.MapPost("/{id}/activate", ActivateAsync).WithName("ActivateRevision")
            .WithSummary("Make the revision the active one of {dataset, table_name}; 200, empty body").Accepts<JsonObject>("application/json");
        group.MapPost("/deactivate", DeactivateAsync).WithName("DeactivateRevisions")
            .WithSummary("Leave {dataset, table_name} without an active revision; 200, empty body").Accepts<JsonObject>("application/json");
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<RevisionInfo>>, BadRequest<ApiError>>> ListAsync(
        string? active, string? limit, string? dataset, TableRevisionRepository revisions, CancellationToken ct)
    {
        DatasetFqn? owner = null;
        if (dataset is not null)
        {
            if (!DatasetFqn.TryParse(dataset, out var fqn, out var datasetError))
                return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, $"dataset: {datasetError}");
            owner = fqn;
        }
        bool? onlyActive = null;
        if (active is not null)
        {
            if (!bool.TryParse(active, out var a) || active is not ("true" or "false"))
                return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, $"active must be true or false, got '{active}'");
            onlyActive = a;
        }
        var max = DefaultLimit;
        if (limit is not null && (!long.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out max)))
            return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, $"limit must be a whole number ≥ 0, got '{limit}'");
        var rows = await revisions.ListAsync(onlyActive, owner, max, ct).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<RevisionInfo>>(rows.Select(RevisionInfo.From).ToList());
    }

    private static async Task<Results<Ok<RevisionInfo>, BadRequest<ApiError>, NotFound<ApiError>>> GetAsync(
        string id, TableRevisionRepository revisions, CancellationToken ct)
    {
        if (ParseId(id, out var location) is { } bad)
            return bad;
        return await revisions.GetAsync(location, ct).ConfigureAwait(false) is { } row
            ? TypedResults.Ok(RevisionInfo.From(row))
            : RevisionNotFound(location);
    }

    private static async Task<Results<Ok<RevisionRegistered>, BadRequest<ApiError>, NotFound<ApiError>>> RegisterAsync(
        HttpRequest request, DatasetRegistry registry, TableRevisionRepository revisions, ILogger<TableRestorer> logger, CancellationToken ct)
    {
        var (body, error) = await ReadBodyAsync(request, ["dataset", "table_name", "path"], ct).ConfigureAwait(false);
        if (body is null)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, error!);
        var (reference, table) = (body.Value.Reference, body.Value.Table);
        var raw = body.Value.Path;
        if (!TableRevisionPath.TryParse(raw?.Trim('/'), out var path, out var pathError))
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, $"path: {pathError}");
        if (path.Namespace != reference.Dataset.Namespace.Value || path.Name != reference.Dataset.Name.Value || path.Table != table.Value)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody,
                $"path '{path}' lies outside {reference.Dataset}'s table {table}: it must be {reference.Dataset}/{table}/<revision uuid>");
        if (await registry.ResolveAsync(reference.Dataset, reference.Revision, ct).ConfigureAwait(false) is not { } hash)
            return DatasetPath.NotFound(reference.Dataset, reference.Revision);
        var id = await revisions.RegisterAsync(path.Directory, new RevisionOwner(path.Namespace, path.Name, hash.Value, path.Table), ct).ConfigureAwait(false);
        Registered(logger, id.Value, path.Directory);
        return TypedResults.Ok(new RevisionRegistered(id.Value));
    }

    private static async Task<Results<Ok<RevisionRestored>, BadRequest<ApiError>, NotFound<ApiError>, JsonHttpResult<ApiError>>> RestoreAsync(
        string id, TableRevisionRepository revisions, TableRestorer restorer, CancellationToken ct)
    {
        if (ParseId(id, out var location) is { } bad)
            return bad;
        if (await revisions.GetAsync(location, ct).ConfigureAwait(false) is not { } row)
            return RevisionNotFound(location);
        if (!TableRevisionPath.TryParse(row.Path, out var path, out var pathError))
            return ApiResults.BadRequest(ErrorCodes.InvalidPathParameters, $"revision {location} cannot be restored: {pathError}");
        var (restored, error) = await restorer.RestoreRevisionAsync(row, path, ct).ConfigureAwait(false);
        return error is not null ? ApiResults.Error(error.ErrorCode, error.ErrorMessage) : TypedResults.Ok(restored!);
    }

    private static async Task<Results<Ok, BadRequest<ApiError>, NotFound<ApiError>>> ActivateAsync(
        string id, HttpRequest request, DatasetRegistry registry, ManifestIntake intake, TableRevisionRepository revisions,
        ILogger<TableRestorer> logger, CancellationToken ct)
    {
        var (body, error) = await ReadBodyAsync(request, ["dataset", "table_name"], ct).ConfigureAwait(false);
        if (body is null)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, error!);
        if (ParseId(id, out var location) is { } bad)
            return bad;
        var (reference, table) = (body.Value.Reference, body.Value.Table);
        if (await registry.ResolveAsync(reference.Dataset, reference.Revision, ct).ConfigureAwait(false) is not { } hash)
            return DatasetPath.NotFound(reference.Dataset, reference.Revision);
        if (await intake.LoadAsync(hash, ct).ConfigureAwait(false) is null)
            return ManifestEndpoints.NotFound(hash);
        if (!RawManifest.BuiltInTables.Contains(table.Value))
            return NotInManifest(reference.Dataset, reference.Revision.ToString()!, table);
        var owner = new RevisionOwner(reference.Dataset.Namespace.Value, reference.Dataset.Name.Value, hash.Value, table.Value);
        switch (await revisions.ActivateAsync(owner, location, createTable: false, ct).ConfigureAwait(false))
        {
            case ActivationOutcome.RevisionNotFound:
                return RevisionNotFound(location);
            case ActivationOutcome.TableNotRegistered:
                return ApiResults.NotFound(ErrorCodes.TableNotRegistered,
                    $"table {table} of {reference} has never been materialised or restored, so it has no physical table to activate a revision for; " +
                    $"deploy the dataset, or restore it with 'ampctl dataset restore {reference}'");
            default:
                Activated(logger, location.Value, reference.ToString(), table.Value);
                return TypedResults.Ok();
        }
    }

    private static async Task<Results<Ok, BadRequest<ApiError>, NotFound<ApiError>>> DeactivateAsync(
        HttpRequest request, DatasetRegistry registry, TableRevisionRepository revisions, ILogger<TableRestorer> logger, CancellationToken ct)
    {
        var (body, error) = await ReadBodyAsync(request, ["dataset", "table_name"], ct).ConfigureAwait(false);
        if (body is null)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, error!);
        var (reference, table) = (body.Value.Reference, body.Value.Table);
        if (await registry.ResolveAsync(reference.Dataset, reference.Revision, ct).ConfigureAwait(false) is not { } hash)
            return DatasetPath.NotFound(reference.Dataset, reference.Revision);
        var owner = new RevisionOwner(reference.Dataset.Namespace.Value, reference.Dataset.Name.Value, hash.Value, table.Value);
        if (!await revisions.DeactivateAsync(owner, ct).ConfigureAwait(false))
            return ApiResults.NotFound(ErrorCodes.TableNotFound,
                $"table {table} of {reference} has no physical table (it was never materialised or restored); list revisions with 'ampctl table list'");
        Deactivated(logger, reference.ToString(), table.Value);
        return TypedResults.Ok();
    }

    internal static NotFound<ApiError> RevisionNotFound(LocationId id) => ApiResults.NotFound(ErrorCodes.RevisionNotFound,
        $"no revision with location id {id}; list revisions with 'ampctl table list'");

    internal static NotFound<ApiError> NotInManifest(DatasetFqn dataset, string revision, TableName table) => ApiResults.NotFound(ErrorCodes.TableNotInManifest,
        $"{dataset}@{revision} has no table '{table}'; its tables are {string.Join(", ", RawManifest.BuiltInTables)}");

    private static BadRequest<ApiError>? ParseId(string raw, out LocationId id)
    {
        id = default;
        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value <= 0)
            return ApiResults.BadRequest(ErrorCodes.InvalidPathParameters, $"invalid revision id '{Printable(raw)}': a location id must be a positive whole number");
        id = new LocationId(value);
        return null;
    }

    private readonly record struct RevisionBody(DatasetReference Reference, TableName Table, string? Path);

    /// <summary>A body with exactly <paramref name="fields"/> (path only where listed): a full dataset reference and a table name.</summary>
    private static async Task<(RevisionBody? Body, string? Error)> ReadBodyAsync(HttpRequest request, string[] fields, CancellationToken ct)
    {
        var shape = "{" + string.Join(", ", fields.Select(f => f switch { "dataset" => "\"dataset\": \"ns/name@revision\"", "path" => "\"path\": \"ns/name/table/<uuid>\"", _ => $"\"{f}\": \"blocks\"" })) + "}";
        var (json, error) = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (json is null)
            return (null, $"{error}; the body is {shape}");
        if (json.Select(p => p.Key).FirstOrDefault(k => !fields.Contains(k)) is { } unknown)
            return (null, $"unknown field '{unknown}'; the body is {shape}");
        if (fields.FirstOrDefault(f => json[f] is not JsonValue v || v.GetValueKind() != JsonValueKind.String) is { } missing)
            return (null, $"\"{missing}\" must be a string; the body is {shape}");
        if (!DatasetReference.TryParse(json["dataset"]!.GetValue<string>(), out var reference, out var refError))
            return (null, $"dataset: {refError}");
        if (!TableName.TryParse(json["table_name"]!.GetValue<string>(), out var table, out var tableError))
            return (null, $"table_name: {tableError}");
        return (new RevisionBody(reference, table, fields.Contains("path") ? json["path"]!.GetValue<string>() : null), null);
    }

    private static string Printable(string s) => new(s.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [LoggerMessage(Level = LogLevel.Information, Message = "Revision {location_id} registered at {path}")]
    private static partial void Registered(ILogger logger, long location_id, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revision {location_id} activated for {dataset} table {table}")]
    private static partial void Activated(ILogger logger, long location_id, string dataset, string table);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revisions of {dataset} table {table} deactivated")]
    private static partial void Deactivated(ILogger logger, string dataset, string table);
}
