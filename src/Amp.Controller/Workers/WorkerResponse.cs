using System.Text.Json.Serialization;
using Amp.Core.Time;
using Amp.Core.Workers;
using Amp.MetadataDb.Workers;

namespace Amp.Controller.Workers;

/// <summary>Build metadata of a worker; each field is "unknown" when the worker did not report it.</summary>
public sealed record WorkerInfoResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("commit_sha")] string CommitSha,
    [property: JsonPropertyName("commit_timestamp")] string CommitTimestamp,
    [property: JsonPropertyName("build_date")] string BuildDate);

/// <summary>
/// A worker: Amp's fields plus its liveness computed on the server. Timestamps are RFC 3339 UTC with a Z and
/// whole seconds; finer figures are in <c>heartbeat_age_ms</c>.
/// </summary>
public class WorkerResponse(WorkerRecord w)
{
    [JsonPropertyName("node_id")] public string NodeId { get; } = w.NodeId.Value;
    [JsonPropertyName("info")] public WorkerInfoResponse Info { get; } = new(w.Info.Version, w.Info.CommitSha, w.Info.CommitTimestamp, w.Info.BuildDate);
    [JsonPropertyName("created_at")] public string CreatedAt { get; } = Rfc3339.Format(w.CreatedAt);
    [JsonPropertyName("registered_at")] public string RegisteredAt { get; } = Rfc3339.Format(w.RegisteredAt);
    [JsonPropertyName("heartbeat_at")] public string HeartbeatAt { get; } = Rfc3339.Format(w.HeartbeatAt);

    /// <summary>active, stalled or inactive, computed with the database clock.</summary>
    [JsonPropertyName("status")] public string Status { get; } = w.Status.ToWire();

    [JsonPropertyName("heartbeat_age_ms")] public long HeartbeatAgeMs { get; } = w.HeartbeatAgeMs;

    /// <summary>Seconds since registered_at; null when inactive.</summary>
    [JsonPropertyName("uptime_seconds")] public long? UptimeSeconds { get; } = w.UptimeSeconds;

    /// <summary>Registrations after the first (restarts and reconnects).</summary>
    [JsonPropertyName("restarts")] public long Restarts { get; } = w.Restarts;

    [JsonPropertyName("epoch")] public long Epoch { get; } = w.Epoch.Value;
    [JsonPropertyName("draining_since")] public string? DrainingSince { get; } = Time(w.DrainingSince);
    [JsonPropertyName("drain_acknowledged_at")] public string? DrainAcknowledgedAt { get; } = Time(w.DrainAcknowledgedAt);
    [JsonPropertyName("retired_at")] public string? RetiredAt { get; } = Time(w.RetiredAt);
    [JsonPropertyName("running_jobs")] public long RunningJobs { get; } = w.RunningJobs;

    protected static string? Time(DateTime? t) => t is { } v ? Rfc3339.Format(v) : null;
}

/// <summary>GET /workers: the workers; <c>next_cursor</c> only when a limited page came back full.</summary>
public sealed record WorkerListResponse(
    [property: JsonPropertyName("workers")] IReadOnlyList<WorkerResponse> Workers,
    [property: JsonPropertyName("next_cursor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor = null);
