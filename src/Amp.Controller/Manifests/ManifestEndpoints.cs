using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Controller.Datasets;
using Amp.Controller.Errors;
using Amp.Controller.Jobs;
using Amp.Core.Time;
using Amp.Datasets.Identity;
using Amp.MetadataDb.Datasets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Manifests;

/// <summary><c>/manifests</c>: register, list, read, delete and prune stored manifests (Amp's M1–M6).</summary>
public static partial class ManifestEndpoints
{
    public static RouteGroupBuilder MapManifestEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/manifests").WithTags("Manifests");
        group.MapGet("/", ListAsync).WithName("ListManifests").WithSummary("Every stored manifest with its kind and number of linked datasets, by hash");
        group.MapPost("/", RegisterAsync).WithName("RegisterManifest")
            .WithSummary("Store a manifest (canonicalised, hashed byte-identically to Amp) without linking it; 201 {\"hash\"}; idempotent")
            .Accepts<JsonObject>("application/json");
        group.MapDelete("/", PruneAsync).WithName("PruneManifests").WithSummary("Delete every manifest no dataset links; 200 {\"deleted_count\"}");
        group.MapGet("/{hash}", GetAsync).WithName("GetManifest").WithSummary("The stored canonical manifest bytes")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/json");
        group.MapDelete("/{hash}", DeleteAsync).WithName("DeleteManifest").WithSummary("Delete an unlinked manifest (204, also when absent); 409 MANIFEST_LINKED while a dataset links it");
        group.MapGet("/{hash}/datasets", DatasetsAsync).WithName("ListManifestDatasets").WithSummary("The dataset versions tagged with this manifest");
        return group;
    }

    private static async Task<Ok<ManifestListResponse>> ListAsync(ManifestFileRepository files, CancellationToken ct)
    {
        var rows = await files.ListAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(new ManifestListResponse(rows.Select(r => new ManifestSummary(r.Hash.Value, r.Kind, r.DatasetCount, Rfc3339.Format(r.CreatedAt))).ToList()));
    }

    private static async Task<Results<Created<ManifestRegisteredResponse>, BadRequest<ApiError>>> RegisterAsync(
        HttpRequest request, ManifestIntake intake, CancellationToken ct)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (body is null)
            return ApiResults.BadRequest(ErrorCodes.InvalidPayloadFormat, bodyError ?? "the body must be the manifest, a JSON object");
        var (hash, _, error) = await intake.StoreAsync(JsonSerializer.SerializeToElement(body), ct).ConfigureAwait(false);
        if (error is not null)
            return TypedResults.BadRequest(error);
        return TypedResults.Created($"/manifests/{hash}", new ManifestRegisteredResponse(hash.Value));
    }

    private static async Task<Ok<ManifestPruneResponse>> PruneAsync(ManifestFileRepository files, DatasetStores stores, ILogger<ManifestIntake> logger, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var hash in await files.ListUnlinkedAsync(ct).ConfigureAwait(false))
        {
            if (await files.DeleteIfUnlinkedAsync(hash, c => stores.Manifests.DeleteAsync(hash.Value, c), ct).ConfigureAwait(false) == ManifestDeleteOutcome.Deleted)
            {
                deleted++;
                Deleted(logger, hash.Value);
            }
        }
        return TypedResults.Ok(new ManifestPruneResponse(deleted));
    }

    private static async Task<Results<FileContentHttpResult, BadRequest<ApiError>, NotFound<ApiError>>> GetAsync(
        string hash, ManifestFileRepository files, DatasetStores stores, CancellationToken ct)
    {
        if (!ManifestHash.TryParse(hash, out var h, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidHash, error);
        var bytes = await files.GetAsync(h, ct).ConfigureAwait(false) is null ? null : await stores.Manifests.ReadAllBytesAsync(h.Value, ct).ConfigureAwait(false);
        return bytes is null ? NotFound(h) : TypedResults.File(bytes, "application/json");
    }

    private static async Task<Results<NoContent, BadRequest<ApiError>, Conflict<ApiError>>> DeleteAsync(
        string hash, ManifestFileRepository files, DatasetStores stores, ILogger<ManifestIntake> logger, CancellationToken ct)
    {
        if (!ManifestHash.TryParse(hash, out var h, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidHash, error);
        var outcome = await files.DeleteIfUnlinkedAsync(h, c => stores.Manifests.DeleteAsync(h.Value, c), ct).ConfigureAwait(false);
        if (outcome == ManifestDeleteOutcome.Linked)
            return ApiResults.Conflict(ErrorCodes.ManifestLinked,
                $"manifest {h} is still linked to a dataset; remove the dataset first ('ampctl dataset rm NS/NAME'); GET /manifests/{h}/datasets lists its versions");
        if (outcome == ManifestDeleteOutcome.Deleted)
            Deleted(logger, h.Value);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ManifestDatasetsResponse>, BadRequest<ApiError>, NotFound<ApiError>>> DatasetsAsync(
        string hash, ManifestFileRepository files, TagRepository tags, CancellationToken ct)
    {
        if (!ManifestHash.TryParse(hash, out var h, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidHash, error);
        if (await files.GetAsync(h, ct).ConfigureAwait(false) is null)
            return NotFound(h);
        var versions = await tags.ListVersionsAsync(null, h, ct).ConfigureAwait(false);
        return TypedResults.Ok(new ManifestDatasetsResponse(h.Value,
            versions.Select(v => new ManifestDatasetTag(v.Dataset.Namespace.Value, v.Dataset.Name.Value, v.Version.ToString())).ToList()));
    }

    internal static NotFound<ApiError> NotFound(ManifestHash hash) =>
        ApiResults.NotFound(ErrorCodes.ManifestNotFound, $"no manifest {hash} is stored; list manifests with 'ampctl manifest list' or register one with 'ampctl manifest register FILE'");

    [LoggerMessage(Level = LogLevel.Information, Message = "Manifest {manifest_hash} deleted")]
    private static partial void Deleted(ILogger logger, string manifest_hash);
}
