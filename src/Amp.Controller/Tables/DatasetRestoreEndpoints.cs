using System.Text.Json;
using Amp.Controller.Datasets;
using Amp.Controller.Errors;
using Amp.Controller.Manifests;
using Amp.Datasets.Identity;
using Amp.Datasets.Manifests;
using Amp.MetadataDb.Datasets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Tables;

/// <summary>
/// <c>POST /datasets/{namespace}/{name}/versions/{revision}/restore</c> (Amp's D10) and
/// <c>…/tables/{table_name}/restore</c> (D11): rebuild <c>file_metadata</c> and <c>footer_cache</c> from the footers of
/// the segment files in the data directory and make a revision of each table active.
/// </summary>
internal static class DatasetRestoreEndpoints
{
    public static RouteGroupBuilder MapDatasetRestoreEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/{namespace}/{name}/versions/{revision}/restore", RestoreAsync).WithName("RestoreDataset")
            .WithSummary("Register every table's revision directories and segment files found in the data directory (footers checked; bad files skipped and listed) and activate a revision per table; 202 {tables:[{table_name, location_id, url, …}]}; idempotent; 409 WRITER_JOB_NOT_TERMINAL while a job writes the dataset");
        group.MapPost("/{namespace}/{name}/versions/{revision}/tables/{table_name}/restore", RestoreTableAsync).WithName("RestoreTable")
            .WithSummary("Empty body: restore one table as the dataset restore does. Body {\"location_id\": N}: make revision N the table's active revision. 200, empty body");
        return group;
    }

    private static async Task<Results<Accepted<DatasetRestored>, BadRequest<ApiError>, NotFound<ApiError>, JsonHttpResult<ApiError>>> RestoreAsync(
        string @namespace, string name, string revision, DatasetRegistry registry, ManifestIntake intake, TableRestorer restorer, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, revision, out var dataset, out var rev) is { } bad)
            return bad;
        if (await registry.ResolveAsync(dataset, rev, ct).ConfigureAwait(false) is not { } hash)
            return DatasetPath.NotFound(dataset, rev);
        if (await intake.LoadAsync(hash, ct).ConfigureAwait(false) is null)
            return ManifestEndpoints.NotFound(hash);
        var (restored, error) = await restorer.RestoreDatasetAsync(dataset, hash, RawManifest.BuiltInTables, ct).ConfigureAwait(false);
        return error is not null ? ApiResults.Error(error.ErrorCode, error.ErrorMessage) : TypedResults.Accepted((string?)null, restored!);
    }

    private static async Task<Results<Ok, BadRequest<ApiError>, NotFound<ApiError>, JsonHttpResult<ApiError>>> RestoreTableAsync(
        string @namespace, string name, string revision, string table_name, HttpRequest request, DatasetRegistry registry, ManifestIntake intake,
        TableRestorer restorer, TableRevisionRepository revisions, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, revision, out var dataset, out var rev) is { } bad)
            return bad;
        if (!TableName.TryParse(table_name, out var table, out var tableError))
            return ApiResults.BadRequest(ErrorCodes.InvalidPath, tableError);
        var (location, bodyError) = await ReadLocationAsync(request, ct).ConfigureAwait(false);
        if (bodyError is not null)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, bodyError);

        if (await registry.ResolveAsync(dataset, rev, ct).ConfigureAwait(false) is not { } hash)
            return DatasetPath.NotFound(dataset, rev);
        if (await intake.LoadAsync(hash, ct).ConfigureAwait(false) is null)
            return ManifestEndpoints.NotFound(hash);
        if (!RawManifest.BuiltInTables.Contains(table.Value))
            return RevisionEndpoints.NotInManifest(dataset, revision, table);

        if (location is { } id)
        {
            return await revisions.ActivateAsync(new RevisionOwner(dataset.Namespace.Value, dataset.Name.Value, hash.Value, table.Value), id, createTable: true, ct).ConfigureAwait(false)
                == ActivationOutcome.RevisionNotFound
                ? RevisionEndpoints.RevisionNotFound(id)
                : TypedResults.Ok();
        }
        var (_, error) = await restorer.RestoreDatasetAsync(dataset, hash, [table.Value], ct).ConfigureAwait(false);
        return error is not null ? ApiResults.Error(error.ErrorCode, error.ErrorMessage) : TypedResults.Ok();
    }

    /// <summary>An empty body (discover), or exactly <c>{"location_id": N}</c> with N &gt; 0.</summary>
    private static async Task<(LocationId? Location, string? Error)> ReadLocationAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        if (buffer.Length == 0)
            return (null, null);
        const string Rule = "the body is empty (restore the table from storage) or {\"location_id\": N} with N a revision id > 0 (activate that revision)";
        try
        {
            using var doc = JsonDocument.Parse(buffer.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 1
                || !root.TryGetProperty("location_id", out var value) || !value.TryGetInt64(out var id) || id <= 0)
                return (null, Rule);
            return (new LocationId(id), null);
        }
        catch (JsonException ex)
        {
            return (null, $"{Rule}; the body is not valid JSON: {ex.Message}");
        }
    }
}
