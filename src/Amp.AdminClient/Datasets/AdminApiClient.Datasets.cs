using System.Text.Json.Nodes;
using Amp.AdminClient.Datasets;
using Amp.AdminClient.Jobs;
using Amp.Datasets.Identity;

namespace Amp.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary><c>GET /datasets</c>.</summary>
    public Task<AdminResult<DatasetList>> ListDatasetsAsync(CancellationToken ct = default) => GetAsync<DatasetList>("datasets", ct);

    /// <summary><c>POST /datasets</c> with the manifest file's JSON as it is; 201 with the registered version.</summary>
    public Task<AdminResult<DatasetInfo>> RegisterDatasetAsync(DatasetFqn dataset, DatasetVersion? version, JsonNode manifest, CancellationToken ct = default)
    {
        var body = new JsonObject
        {
            ["namespace"] = dataset.Namespace.Value,
            ["name"] = dataset.Name.Value,
        };
        if (version is not null)
            body["version"] = version.ToString();
        body["manifest"] = manifest.DeepClone();
        return SendForJsonAsync<DatasetInfo>(HttpMethod.Post, "datasets", body.ToJsonString(), ct);
    }

    /// <summary><c>GET /datasets/{ns}/{name}/versions/{rev}</c>; an unknown one is <c>DATASET_NOT_FOUND</c> (404).</summary>
    public Task<AdminResult<DatasetInfo>> GetDatasetAsync(DatasetReference reference, CancellationToken ct = default) =>
        GetAsync<DatasetInfo>(VersionPath(reference), ct);

    /// <summary><c>GET /datasets/{ns}/{name}/versions</c>.</summary>
    public Task<AdminResult<DatasetVersions>> ListDatasetVersionsAsync(DatasetFqn dataset, CancellationToken ct = default) =>
        GetAsync<DatasetVersions>(DatasetPath(dataset) + "/versions", ct);

    /// <summary><c>GET …/versions/{rev}/manifest</c>: the canonical manifest.</summary>
    public Task<AdminResult<JsonObject>> GetDatasetManifestAsync(DatasetReference reference, CancellationToken ct = default) =>
        GetAsync<JsonObject>(VersionPath(reference) + "/manifest", ct);

    /// <summary><c>DELETE /datasets/{ns}/{name}</c>: unlinks every manifest of the dataset (204, also when absent).</summary>
    public Task<AdminResult<DatasetRemoved>> RemoveDatasetAsync(DatasetFqn dataset, CancellationToken ct = default) =>
        SendForNoContentAsync(HttpMethod.Delete, DatasetPath(dataset), (_, body) => AdminResult<DatasetRemoved>.Success(new DatasetRemoved(dataset.ToString()), body), ct);

    /// <summary><c>POST …/versions/{rev}/deploy</c>: schedules the dataset's materialize-raw job; 202 with its id.</summary>
    public Task<AdminResult<JobScheduled>> DeployDatasetAsync(DatasetReference reference, DeployRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject { ["parallelism"] = request.Parallelism };
        if (request.EndBlock is not null)
            body["end_block"] = request.EndBlock;
        if (request.WorkerId is not null)
            body["worker_id"] = request.WorkerId;
        if (request.Verify)
            body["verify"] = true;
        return SendForJsonAsync<JobScheduled>(HttpMethod.Post, VersionPath(reference) + "/deploy", body.ToJsonString(), ct);
    }

    /// <summary><c>GET /manifests</c>.</summary>
    public Task<AdminResult<ManifestList>> ListManifestsAsync(CancellationToken ct = default) => GetAsync<ManifestList>("manifests", ct);

    /// <summary><c>POST /manifests</c>: stores a manifest without linking it; 201 with its hash.</summary>
    public Task<AdminResult<ManifestRegistered>> RegisterManifestAsync(JsonNode manifest, CancellationToken ct = default) =>
        SendForJsonAsync<ManifestRegistered>(HttpMethod.Post, "manifests", manifest.ToJsonString(), ct);

    /// <summary><c>GET /manifests/{hash}</c>: the stored canonical manifest; <c>MANIFEST_NOT_FOUND</c> (404) when absent.</summary>
    public Task<AdminResult<JsonObject>> GetManifestAsync(ManifestHash hash, CancellationToken ct = default) =>
        GetAsync<JsonObject>("manifests/" + hash, ct);

    /// <summary><c>DELETE /manifests/{hash}</c>; <c>MANIFEST_LINKED</c> (409) while a dataset links it.</summary>
    public Task<AdminResult<ManifestRemoved>> RemoveManifestAsync(ManifestHash hash, CancellationToken ct = default) =>
        SendForNoContentAsync(HttpMethod.Delete, "manifests/" + hash, (_, body) => AdminResult<ManifestRemoved>.Success(new ManifestRemoved(hash.Value), body), ct);

    /// <summary><c>DELETE /manifests</c>: deletes every manifest no dataset links.</summary>
    public Task<AdminResult<ManifestsPruned>> PruneManifestsAsync(CancellationToken ct = default) =>
        SendForJsonAsync<ManifestsPruned>(HttpMethod.Delete, "manifests", null, ct);

    /// <summary><c>GET /providers</c>.</summary>
    public Task<AdminResult<ProviderList>> ListProvidersAsync(CancellationToken ct = default) => GetAsync<ProviderList>("providers", ct);

    /// <summary><c>POST /providers</c>: the provider's keys with <c>name</c>; 201 with the stored provider, secrets masked.</summary>
    public Task<AdminResult<JsonObject>> RegisterProviderAsync(ProviderName name, JsonObject config, CancellationToken ct = default)
    {
        var body = new JsonObject { ["name"] = name.Value };
        foreach (var (key, value) in config)
            if (key != "name")
                body[key] = value?.DeepClone();
        return SendForJsonAsync<JsonObject>(HttpMethod.Post, "providers", body.ToJsonString(), ct);
    }

    /// <summary><c>GET /providers/{name}</c>; <c>PROVIDER_NOT_FOUND</c> (404) when absent.</summary>
    public Task<AdminResult<JsonObject>> GetProviderAsync(ProviderName name, CancellationToken ct = default) =>
        GetAsync<JsonObject>("providers/" + name, ct);

    /// <summary><c>DELETE /providers/{name}</c> (204, also when absent).</summary>
    public Task<AdminResult<ProviderRemoved>> RemoveProviderAsync(ProviderName name, CancellationToken ct = default) =>
        SendForNoContentAsync(HttpMethod.Delete, "providers/" + name, (_, body) => AdminResult<ProviderRemoved>.Success(new ProviderRemoved(name.Value), body), ct);

    private static string DatasetPath(DatasetFqn dataset) => $"datasets/{dataset.Namespace}/{dataset.Name}";

    private static string VersionPath(DatasetReference reference) =>
        DatasetPath(reference.Dataset) + "/versions/" + Uri.EscapeDataString(reference.Revision.ToString()!);

}
