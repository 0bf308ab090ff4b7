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
public sealed record WorkerResponse(
    [property: JsonPropertyName("node_id")] string NodeId,
    [property: JsonPropertyName("info")] WorkerInfoResponse Info,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("registered_at")] string RegisteredAt,
    [property: JsonPropertyName("heartbeat_at")] string HeartbeatAt,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("heartbeat_age_ms")] long HeartbeatAgeMs,
    [property: JsonPropertyName("uptime_seconds")] long? UptimeSeconds,
    [property: JsonPropertyName("restarts")] long Restarts,
    [property: JsonPropertyName("epoch")] long Epoch)
{
    public static WorkerResponse From(WorkerRecord w) => new(
        w.NodeId.Value,
        new WorkerInfoResponse(w.Info.Version, w.Info.CommitSha, w.Info.CommitTimestamp, w.Info.BuildDate),
        Rfc3339.Format(w.CreatedAt),
        Rfc3339.Format(w.RegisteredAt),
        Rfc3339.Format(w.HeartbeatAt),
        w.Status.ToWire(),
        w.HeartbeatAgeMs,
        w.UptimeSeconds,
        w.Restarts,
        w.Epoch.Value);
}

public sealed record WorkerListResponse([property: JsonPropertyName("workers")] IReadOnlyList<WorkerResponse> Workers);
