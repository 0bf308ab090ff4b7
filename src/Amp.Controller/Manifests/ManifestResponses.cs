using System.Text.Json.Serialization;

namespace Amp.Controller.Manifests;

public sealed record ManifestSummary(
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("dataset_count")] long DatasetCount,
    [property: JsonPropertyName("created_at")] string CreatedAt);

public sealed record ManifestListResponse([property: JsonPropertyName("manifests")] IReadOnlyList<ManifestSummary> Manifests);

public sealed record ManifestRegisteredResponse([property: JsonPropertyName("hash")] string Hash);

public sealed record ManifestPruneResponse([property: JsonPropertyName("deleted_count")] int DeletedCount);

public sealed record ManifestDatasetTag(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version);

public sealed record ManifestDatasetsResponse(
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("datasets")] IReadOnlyList<ManifestDatasetTag> Datasets);
