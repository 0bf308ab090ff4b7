using System.Globalization;
using System.Text.Json.Serialization;
using Amp.Core.Time;
using Amp.Core.Workers;
using Amp.MetadataDb.Workers;

namespace Amp.Controller.Fleet;

public sealed record StatusCounts(
    [property: JsonPropertyName("active")] int Active,
    [property: JsonPropertyName("stalled")] int Stalled,
    [property: JsonPropertyName("inactive")] int Inactive);

public sealed record VersionCount(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("commit_sha")] string CommitSha,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("active")] int Active);

/// <summary>GET /fleet: counts by status and version, build age and refused duplicates, from one snapshot.</summary>
public sealed record FleetSummary(
    [property: JsonPropertyName("workers_total")] int WorkersTotal,
    [property: JsonPropertyName("by_status")] StatusCounts ByStatus,
    [property: JsonPropertyName("by_version")] IReadOnlyList<VersionCount> ByVersion,
    [property: JsonPropertyName("oldest_running_commit_timestamp")] string? OldestRunningCommitTimestamp,
    [property: JsonPropertyName("duplicate_starts_24h")] long DuplicateStarts24h,
    [property: JsonPropertyName("draining")] int Draining,
    [property: JsonPropertyName("retired")] int Retired)
{
    /// <summary>Retired workers count only in <see cref="Retired"/>.</summary>
    public static FleetSummary From(IReadOnlyList<WorkerRecord> all, long duplicates24h)
    {
        var live = all.Where(w => w.RetiredAt is null).ToList();
        var oldest = live
            .Where(w => w.Status != WorkerStatus.Inactive)
            .Select(w => DateTimeOffset.TryParse(w.Info.CommitTimestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null)
            .Where(t => t is not null)
            .Min();
        return new FleetSummary(
            live.Count,
            new StatusCounts(
                live.Count(w => w.Status == WorkerStatus.Active),
                live.Count(w => w.Status == WorkerStatus.Stalled),
                live.Count(w => w.Status == WorkerStatus.Inactive)),
            live.GroupBy(w => (w.Info.Version, w.Info.CommitSha))
                .Select(g => new VersionCount(g.Key.Version, g.Key.CommitSha, g.Count(), g.Count(w => w.Status == WorkerStatus.Active)))
                .OrderByDescending(v => v.Workers).ThenBy(v => v.Version, StringComparer.Ordinal)
                .ToList(),
            oldest is { } o ? Rfc3339.Format(o) : null,
            duplicates24h,
            live.Count(w => w.DrainingSince is not null),
            all.Count - live.Count);
    }
}
