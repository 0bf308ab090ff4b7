using Amp.Core.Build;
using Amp.Core.Workers;

namespace Amp.MetadataDb.Workers;

/// <summary>
/// A worker as the operator sees it: its row plus liveness computed by the database with its own clock.
/// </summary>
public sealed record WorkerRecord(
    NodeId NodeId,
    BuildInfo Info,
    DateTime CreatedAt,
    DateTime RegisteredAt,
    DateTime HeartbeatAt,
    long HeartbeatAgeMs,
    bool LockHeld,
    WorkerStatus Status,
    Epoch Epoch,
    DateTime ObservedAt)
{
    /// <summary>Registrations after the first: every start or reconnect opens a new epoch.</summary>
    public long Restarts => Math.Max(0, Epoch.Value - 1);

    /// <summary>Seconds since the current registration; null when the worker is inactive.</summary>
    public long? UptimeSeconds => Status == WorkerStatus.Inactive
        ? null
        : Math.Max(0, (long)(ObservedAt - RegisteredAt).TotalSeconds);
}

/// <summary>Optional filters of a worker listing.</summary>
public sealed record WorkerFilter(WorkerStatus? Status = null, string? Version = null)
{
    public static WorkerFilter None { get; } = new();
}
