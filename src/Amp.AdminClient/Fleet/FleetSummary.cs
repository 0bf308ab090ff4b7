using System.Text.Json.Serialization;

namespace Amp.AdminClient.Fleet;

/// <summary>
/// The body of <c>GET /fleet</c>: counts over every non-retired worker (retired ones only in <see cref="Retired"/>),
/// computed by the server with the same liveness rule as <c>GET /workers</c>.
/// </summary>
/// <param name="OldestRunningCommitTimestamp">The oldest commit an active worker runs; null when none is known.</param>
/// <param name="DuplicateStarts24h">Starts refused in the last 24 hours because the node ID was in use.</param>
public sealed record FleetSummary(
    int WorkersTotal,
    FleetStatusCounts ByStatus,
    IReadOnlyList<FleetVersion> ByVersion,
    DateTimeOffset? OldestRunningCommitTimestamp,
    [property: JsonPropertyName("duplicate_starts_24h")] int DuplicateStarts24h,
    int Draining,
    int Retired);

/// <summary>Workers per liveness status.</summary>
public sealed record FleetStatusCounts(int Active, int Stalled, int Inactive);

/// <summary>Workers that run one build (version and commit), and how many of them are active.</summary>
public sealed record FleetVersion(string Version, string CommitSha, int Workers, int Active);
