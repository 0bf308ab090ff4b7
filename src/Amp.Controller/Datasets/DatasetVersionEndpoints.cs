using System.Text.Json.Nodes;
using Amp.Controller.Errors;
using Amp.Controller.Jobs;
using Amp.Controller.Manifests;
using Amp.Core.Jobs;
using Amp.Core.Time;
using Amp.Datasets.Identity;
using Amp.MetadataDb.Datasets;
using Amp.MetadataDb.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Datasets;

/// <summary><c>/datasets/{namespace}/{name}/versions…</c>: versions, one revision, its manifest and jobs, deleting a tag (Amp's D5–D8, D12).</summary>
internal static class DatasetVersionEndpoints
{
    public static RouteGroupBuilder MapDatasetVersionEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/{namespace}/{name}/versions", VersionsAsync).WithName("ListDatasetVersions")
            .WithSummary("Version tags, highest first by semver order, with the latest and dev special tags");
        group.MapGet("/{namespace}/{name}/versions/{revision}", GetAsync).WithName("GetDatasetVersion")
            .WithSummary("One revision (version, latest, dev or a linked manifest hash): its manifest hash, kind, network, start block, tables");
        group.MapGet("/{namespace}/{name}/versions/{revision}/manifest", ManifestAsync).WithName("GetDatasetManifest")
            .WithSummary("The revision's canonical manifest").Produces<JsonObject>(StatusCodes.Status200OK, "application/json");
        group.MapDelete("/{namespace}/{name}/versions/{version}", DeleteAsync).WithName("DeleteDatasetVersion")
            .WithSummary("Remove a version tag (204, also when absent); 400 CANNOT_DELETE_LATEST_VERSION for the version latest points to");
        group.MapGet("/{namespace}/{name}/versions/{revision}/jobs", JobsAsync).WithName("ListDatasetJobs")
            .WithSummary("The materialize-raw jobs of this dataset version, oldest first");
        return group;
    }

    private static async Task<Results<Ok<DatasetVersionsResponse>, BadRequest<ApiError>>> VersionsAsync(
        string @namespace, string name, TagRepository tags, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, out var dataset) is { } bad)
            return bad;
        var versions = await tags.ListVersionsAsync(dataset, null, ct).ConfigureAwait(false);
        var dev = await tags.GetAsync(dataset, TagRepository.DevTag, ct).ConfigureAwait(false);
        return TypedResults.Ok(new DatasetVersionsResponse(dataset.Namespace.Value, dataset.Name.Value,
            versions.Select(v => new VersionInfo(v.Version.ToString(), v.Hash.Value, Rfc3339.Format(v.CreatedAt), Rfc3339.Format(v.UpdatedAt))).ToList(),
            new SpecialTags(versions.Count > 0 ? versions[0].Version.ToString() : null, dev?.Value)));
    }

    private static async Task<Results<Ok<DatasetInfo>, BadRequest<ApiError>, NotFound<ApiError>>> GetAsync(
        string @namespace, string name, string revision, DatasetRegistry registry, ManifestIntake intake, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, revision, out var dataset, out var rev) is { } bad)
            return bad;
        if (await registry.ResolveAsync(dataset, rev, ct).ConfigureAwait(false) is not { } hash)
            return DatasetPath.NotFound(dataset, rev);
        if (await intake.LoadAsync(hash, ct).ConfigureAwait(false) is not { } stored)
            return ManifestEndpoints.NotFound(hash);
        return TypedResults.Ok(DatasetInfo.From(dataset, hash, stored.Manifest, null, revision));
    }

    private static async Task<Results<FileContentHttpResult, BadRequest<ApiError>, NotFound<ApiError>>> ManifestAsync(
        string @namespace, string name, string revision, DatasetRegistry registry, ManifestIntake intake, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, revision, out var dataset, out var rev) is { } bad)
            return bad;
        if (await registry.ResolveAsync(dataset, rev, ct).ConfigureAwait(false) is not { } hash)
            return DatasetPath.NotFound(dataset, rev);
        return await intake.LoadAsync(hash, ct).ConfigureAwait(false) is { } stored
            ? TypedResults.File(stored.Bytes, "application/json")
            : ManifestEndpoints.NotFound(hash);
    }

    private static async Task<Results<NoContent, BadRequest<ApiError>>> DeleteAsync(
        string @namespace, string name, string version, TagRepository tags, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, out var dataset) is { } bad)
            return bad;
        if (!DatasetVersion.TryParse(version, out var v, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidPath, error);
        if (await tags.DeleteVersionAsync(dataset, v, ct).ConfigureAwait(false) == TagDeleteOutcome.IsLatest)
            return ApiResults.BadRequest(ErrorCodes.CannotDeleteLatestVersion,
                $"{dataset}@{v} is the latest version (latest points to its manifest); register a higher version first, or remove the whole dataset with 'ampctl dataset rm {dataset}'");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DatasetJobsResponse>, BadRequest<ApiError>, NotFound<ApiError>>> JobsAsync(
        string @namespace, string name, string revision, DatasetRegistry registry, JobRepository jobs, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, revision, out var dataset, out var rev) is { } bad)
            return bad;
        if (await registry.ResolveAsync(dataset, rev, ct).ConfigureAwait(false) is not { } hash)
            return DatasetPath.NotFound(dataset, rev);
        var match = new JsonObject
        {
            ["kind"] = MaterializeRawDescriptor.KindName,
            ["dataset_namespace"] = dataset.Namespace.Value,
            ["dataset_name"] = dataset.Name.Value,
            ["manifest_hash"] = hash.Value,
        };
        var list = await jobs.ListByDescriptorAsync(match, ct).ConfigureAwait(false);
        return TypedResults.Ok(new DatasetJobsResponse(list.Select(JobInfoResponse.From).ToList()));
    }
}
