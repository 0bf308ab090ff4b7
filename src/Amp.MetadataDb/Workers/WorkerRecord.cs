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
    /// <summary>When an operator asked the worker to take no new jobs; null when not draining.</summary>
    public DateTime? DrainingSince { get; init; }

    /// <summary>When the worker's current incarnation acknowledged the drain on a heartbeat.</summary>
    public DateTime? DrainAcknowledgedAt { get; init; }

    /// <summary>When the worker was retired from lists and counts; null for a worker in service.</summary>
    public DateTime? RetiredAt { get; init; }

    /// <summary>Jobs assigned to the worker that are running (or about to: scheduled, stopping).</summary>
    public long RunningJobs { get; init; }

    /// <summary>Registrations after the first: every start or reconnect opens a new epoch.</summary>
    public long Restarts => Math.Max(0, Epoch.Value - 1);

    /// <summary>Seconds since the current registration; null when the worker is inactive.</summary>
    public long? UptimeSeconds => Status == WorkerStatus.Inactive
        ? null
        : Math.Max(0, (long)(ObservedAt - RegisteredAt).TotalSeconds);
}

/// <summary>Optional filters of a worker listing.</summary>
/// <remarks><see cref="After"/> and <see cref="Limit"/> page the list in node_id order; null means from the start, all of it.</remarks>
public sealed record WorkerFilter(WorkerStatus? Status = null, string? Version = null, bool IncludeRetired = false, NodeId? After = null, int? Limit = null)
{
    public static WorkerFilter None { get; } = new();
}

/// <summary>What a heartbeat wrote: the database time of the beat and whether a drain is requested.</summary>
public sealed record Heartbeat(DateTime At, DateTime? DrainingSince);

public enum RetireOutcome
{
    Retired,
    NotFound,
    /// <summary>The node's lock is held: a live process owns it.</summary>
    Active,
}
