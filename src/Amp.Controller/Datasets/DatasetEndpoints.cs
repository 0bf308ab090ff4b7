using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Controller.Errors;
using Amp.Controller.Jobs;
using Amp.Controller.Manifests;
using Amp.Datasets.Identity;
using Amp.Datasets.Manifests;
using Amp.MetadataDb.Datasets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Datasets;

/// <summary><c>/datasets</c>: register, list, show and remove datasets (Amp's D1–D4); versions and deploy live beside.</summary>
public static partial class DatasetEndpoints
{
    private static readonly string[] RegisterFields = ["namespace", "name", "version", "manifest"];

    public static RouteGroupBuilder MapDatasetEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/datasets").WithTags("Datasets");
        group.MapGet("/", ListAsync).WithName("ListDatasets").WithSummary("Every dataset with its versions, highest first (semver order)");
        group.MapPost("/", RegisterAsync).WithName("RegisterDataset")
            .WithSummary("Register {namespace, name, version?, manifest (object or stored hash)}: store, link, move dev, tag and move latest; 201; idempotent")
            .Accepts<JsonObject>("application/json");
        group.MapGet("/{namespace}/{name}", GetAsync).WithName("GetDataset").WithSummary("One dataset with its versions");
        group.MapDelete("/{namespace}/{name}", DeleteAsync).WithName("DeleteDataset")
            .WithSummary("Unlink every manifest of the dataset (tags go with them) and delete manifests left unlinked; 204, also when absent");
        group.MapDatasetVersionEndpoints();
        group.MapDeployEndpoint();
        Tables.DatasetRestoreEndpoints.MapDatasetRestoreEndpoints(group);
        return group;
    }

    private static async Task<Ok<DatasetListResponse>> ListAsync(DatasetManifestRepository links, TagRepository tags, CancellationToken ct)
    {
        var versions = await tags.ListVersionsAsync(null, null, ct).ConfigureAwait(false);
        var datasets = await links.ListDatasetsAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok(new DatasetListResponse(datasets.Select(d => Summary(d, versions.Where(v => v.Dataset == d).ToList())).ToList()));
    }

    private static DatasetSummary Summary(DatasetFqn dataset, IReadOnlyList<VersionTag> versions) =>
        new(dataset.Namespace.Value, dataset.Name.Value, versions.Count > 0 ? versions[0].Version.ToString() : null,
            versions.Select(v => v.Version.ToString()).ToList());

    private static async Task<Results<Ok<DatasetSummary>, BadRequest<ApiError>, NotFound<ApiError>>> GetAsync(
        string @namespace, string name, TagRepository tags, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, out var dataset) is { } bad)
            return bad;
        if (await tags.GetAsync(dataset, TagRepository.DevTag, ct).ConfigureAwait(false) is null)
            return DatasetPath.NotFound(dataset, new Revision.Dev());
        return TypedResults.Ok(Summary(dataset, await tags.ListVersionsAsync(dataset, null, ct).ConfigureAwait(false)));
    }

    private static async Task<Results<Created<DatasetInfo>, BadRequest<ApiError>, NotFound<ApiError>>> RegisterAsync(
        HttpRequest request, ManifestIntake intake, ManifestFileRepository files, DatasetRegistry registry, ILogger<DatasetRegistry> logger, CancellationToken ct)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (body is null)
            return Invalid(bodyError ?? "the body must be a JSON object {namespace, name, version?, manifest}");
        if (body.Select(p => p.Key).FirstOrDefault(k => !RegisterFields.Contains(k)) is { } unknown)
            return Invalid($"unknown field '{unknown}'; the body takes {string.Join(", ", RegisterFields)}");
        if (!DatasetNamespace.TryParse(Text(body, "namespace"), out var ns, out var error) || !DatasetName.TryParse(Text(body, "name"), out var nm, out error))
            return Invalid(error);
        DatasetVersion? version = null;
        if (body["version"] is { } v && (v.GetValueKind() != JsonValueKind.String || !DatasetVersion.TryParse(v.GetValue<string>(), out version, out error)))
            return Invalid(error ?? DatasetVersion.Rule);
        var dataset = new DatasetFqn(ns, nm);

        ManifestHash hash;
        RawManifest manifest;
        switch (body["manifest"])
        {
            case null:
                return Invalid("the body needs \"manifest\": the manifest object, or the hash of a stored manifest");
            case JsonValue s when s.GetValueKind() == JsonValueKind.String:
                if (!ManifestHash.TryParse(s.GetValue<string>(), out hash, out var hashError))
                    return ApiResults.BadRequest(ErrorCodes.InvalidManifest, $"\"manifest\" as a string must be a stored manifest's hash: {hashError}");
                if (await files.GetAsync(hash, ct).ConfigureAwait(false) is null || await intake.LoadAsync(hash, ct).ConfigureAwait(false) is not { } stored)
                    return ManifestEndpoints.NotFound(hash);
                manifest = stored.Manifest;
                break;
            case var content:
                var (h, m, manifestError) = await intake.StoreAsync(JsonSerializer.SerializeToElement(content), ct).ConfigureAwait(false);
                if (manifestError is not null)
                    return TypedResults.BadRequest(manifestError);
                (hash, manifest) = (h, m!);
                break;
        }
        await registry.RegisterAsync(dataset, hash, version, ct).ConfigureAwait(false);
        Registered(logger, dataset.ToString(), version?.ToString() ?? "dev", hash.Value);
        return TypedResults.Created($"/datasets/{dataset}/versions/{version?.ToString() ?? hash.Value}",
            DatasetInfo.From(dataset, hash, manifest, version?.ToString(), null));
    }

    private static async Task<Results<NoContent, BadRequest<ApiError>>> DeleteAsync(
        string @namespace, string name, DatasetManifestRepository links, ManifestFileRepository files, DatasetStores stores,
        ILogger<DatasetRegistry> logger, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, out var dataset) is { } bad)
            return bad;
        var unlinked = await links.UnlinkAsync(dataset, ct).ConfigureAwait(false);
        foreach (var hash in unlinked)
            await files.DeleteIfUnlinkedAsync(hash, c => stores.Manifests.DeleteAsync(hash.Value, c), ct).ConfigureAwait(false);
        if (unlinked.Count > 0)
            Removed(logger, dataset.ToString(), unlinked.Count);
        return TypedResults.NoContent();
    }

    private static string? Text(JsonObject body, string key) =>
        body[key] is { } n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;

    private static BadRequest<ApiError> Invalid(string message) => ApiResults.BadRequest(ErrorCodes.InvalidPayloadFormat, message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dataset {dataset} registered as {version} with manifest {manifest_hash}")]
    private static partial void Registered(ILogger logger, string dataset, string version, string manifest_hash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dataset {dataset} removed ({count} manifests unlinked)")]
    private static partial void Removed(ILogger logger, string dataset, int count);
}
