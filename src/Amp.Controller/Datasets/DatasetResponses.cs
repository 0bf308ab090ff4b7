using System.Text.Json.Serialization;
using Amp.Controller.Jobs;
using Amp.Datasets.Identity;
using Amp.Datasets.Manifests;

namespace Amp.Controller.Datasets;

public sealed record DatasetSummary(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("latest_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LatestVersion,
    [property: JsonPropertyName("versions")] IReadOnlyList<string> Versions);

public sealed record DatasetListResponse([property: JsonPropertyName("datasets")] IReadOnlyList<DatasetSummary> Datasets);

/// <summary>A dataset version as <c>POST /datasets</c> (with <c>version</c>) and <c>GET …/versions/{rev}</c> (with <c>revision</c>) answer.</summary>
public sealed record DatasetInfo(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version,
    [property: JsonPropertyName("revision"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Revision,
    [property: JsonPropertyName("manifest_hash")] string ManifestHash,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("network")] string Network,
    [property: JsonPropertyName("start_block")] ulong StartBlock,
    [property: JsonPropertyName("finalized_blocks_only")] bool FinalizedBlocksOnly,
    [property: JsonPropertyName("tables")] IReadOnlyList<string> Tables)
{
    public static DatasetInfo From(DatasetFqn dataset, ManifestHash hash, RawManifest manifest, string? version, string? revision) => new(
        dataset.Namespace.Value, dataset.Name.Value, version, revision, hash.Value, manifest.Kind, manifest.Network,
        manifest.StartBlock, manifest.FinalizedBlocksOnly, RawManifest.BuiltInTables);
}

public sealed record VersionInfo(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("manifest_hash")] string ManifestHash,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt);

public sealed record SpecialTags(
    [property: JsonPropertyName("latest"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Latest,
    [property: JsonPropertyName("dev"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Dev);

public sealed record DatasetVersionsResponse(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("versions")] IReadOnlyList<VersionInfo> Versions,
    [property: JsonPropertyName("special_tags")] SpecialTags SpecialTags);

public sealed record DatasetJobsResponse([property: JsonPropertyName("jobs")] IReadOnlyList<JobInfoResponse> Jobs);
