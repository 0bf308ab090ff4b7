using System.Text.Json.Nodes;

namespace Amp.AdminClient.Datasets;

/// <summary>A dataset in <c>GET /datasets</c>: its versions, highest first.</summary>
public sealed record DatasetSummary(string Namespace, string Name, IReadOnlyList<string> Versions, string? LatestVersion = null);

public sealed record DatasetList(IReadOnlyList<DatasetSummary> Datasets);

/// <summary>A dataset version as <c>POST /datasets</c> (with <see cref="Version"/>) and <c>GET …/versions/{rev}</c> (with <see cref="Revision"/>) return it.</summary>
public sealed record DatasetInfo(string Namespace, string Name, string ManifestHash, string Kind, string Network, ulong StartBlock,
    bool FinalizedBlocksOnly, IReadOnlyList<string> Tables, string? Version = null, string? Revision = null);

public sealed record DatasetVersionInfo(string Version, string ManifestHash, string CreatedAt, string UpdatedAt);

public sealed record SpecialTags(string? Latest = null, string? Dev = null);

public sealed record DatasetVersions(string Namespace, string Name, IReadOnlyList<DatasetVersionInfo> Versions, SpecialTags SpecialTags);

/// <summary>What <c>POST …/deploy</c> sends: <see cref="EndBlock"/> is <c>latest</c>, <c>N</c>, <c>-N</c> or null (continuous).</summary>
public sealed record DeployRequest(string? EndBlock = null, int Parallelism = 1, string? WorkerId = null, bool Verify = false);

public sealed record ManifestSummary(string Hash, string Kind, long DatasetCount, string CreatedAt);

public sealed record ManifestList(IReadOnlyList<ManifestSummary> Manifests);

public sealed record ManifestRegistered(string Hash);

public sealed record ManifestRemoved(string Hash);

public sealed record ManifestsPruned(int DeletedCount);

public sealed record DatasetRemoved(string Dataset);

/// <summary>Providers as the API shows them: <c>name</c>, <c>kind</c> and the stored keys, secrets masked.</summary>
public sealed record ProviderList(IReadOnlyList<JsonObject> Providers);

public sealed record ProviderRemoved(string Name);
