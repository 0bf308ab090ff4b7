using System.Text.Json.Serialization;
using Amp.Core.Time;
using Amp.Core.Workers;
using Amp.MetadataDb.Incarnations;
using Amp.MetadataDb.Workers;

namespace Amp.Controller.Workers;

/// <summary>One start (or reconnect) of a node ID.</summary>
public sealed record IncarnationResponse(
    [property: JsonPropertyName("epoch")] long Epoch,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("commit_sha")] string CommitSha,
    [property: JsonPropertyName("started_at")] string StartedAt,
    [property: JsonPropertyName("last_heartbeat_at")] string? LastHeartbeatAt,
    [property: JsonPropertyName("ended_at")] string? EndedAt,
    [property: JsonPropertyName("end_reason")] string? EndReason)
{
    public static IncarnationResponse From(IncarnationRecord i) => new(
        i.Epoch.Value, i.Origin.Host, i.Origin.Pid, i.Info.Version, i.Info.CommitSha, Rfc3339.Format(i.StartedAt),
        i.LastHeartbeatAt is { } h ? Rfc3339.Format(h) : null, i.EndedAt is { } e ? Rfc3339.Format(e) : null, i.EndReason?.ToWire());
}

/// <summary>A start refused because the node ID was in use.</summary>
public sealed record DuplicateStartResponse(
    [property: JsonPropertyName("refused_at")] string RefusedAt,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("version")] string Version)
{
    public static DuplicateStartResponse From(DuplicateStartRecord d) => new(Rfc3339.Format(d.RefusedAt), d.Contender.Host, d.Contender.Pid, d.Info.Version);
}

/// <summary>GET /workers/{id}: the worker plus the latest few incarnations and refused duplicate starts.</summary>
public sealed class WorkerDetailResponse(
    WorkerRecord w, long incarnationCount, IReadOnlyList<IncarnationRecord> recent,
    long duplicateCount, IReadOnlyList<DuplicateStartRecord> recentDuplicates) : WorkerResponse(w)
{
    [JsonPropertyName("incarnation_count")] public long IncarnationCount { get; } = incarnationCount;
    [JsonPropertyName("recent_incarnations")] public IReadOnlyList<IncarnationResponse> RecentIncarnations { get; } = recent.Select(IncarnationResponse.From).ToList();
    [JsonPropertyName("duplicate_start_count")] public long DuplicateStartCount { get; } = duplicateCount;
    [JsonPropertyName("recent_duplicate_starts")] public IReadOnlyList<DuplicateStartResponse> RecentDuplicateStarts { get; } = recentDuplicates.Select(DuplicateStartResponse.From).ToList();
}

/// <summary>
/// GET /workers/{id}/incarnations: one page of the node's ledger, newest first. Each list pages on its own: pass
/// <c>cursor</c> = <c>next_cursor</c> for older incarnations and <c>duplicate_starts_cursor</c> =
/// <c>duplicate_starts_next_cursor</c> for older refused starts; a cursor is absent when its list is complete.
/// </summary>
public sealed record WorkerHistoryResponse(
    [property: JsonPropertyName("node_id")] string NodeId,
    [property: JsonPropertyName("incarnations")] IReadOnlyList<IncarnationResponse> Incarnations,
    [property: JsonPropertyName("duplicate_starts")] IReadOnlyList<DuplicateStartResponse> DuplicateStarts,
    [property: JsonPropertyName("next_cursor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? NextCursor,
    [property: JsonPropertyName("duplicate_starts_next_cursor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? DuplicateStartsNextCursor);

/// <summary>GET /workers/{id}/safe-to-stop: whether stopping the process now loses nothing (preStop hooks).</summary>
public sealed record SafeToStopResponse(
    [property: JsonPropertyName("node_id")] string NodeId,
    [property: JsonPropertyName("safe")] bool Safe,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("draining")] bool Draining,
    [property: JsonPropertyName("drain_acknowledged")] bool DrainAcknowledged,
    [property: JsonPropertyName("running_jobs")] long RunningJobs);
