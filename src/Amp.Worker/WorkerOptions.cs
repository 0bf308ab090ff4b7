using Amp.Core.Build;
using Amp.Core.Workers;

namespace Amp.Worker;

/// <summary>Settings of one worker node; validated before the worker starts.</summary>
public sealed record WorkerOptions(NodeId NodeId)
{
    public BuildInfo Info { get; init; } = BuildInfo.Current;
    public ProcessOrigin Origin { get; init; } = ProcessOrigin.Current;

    /// <summary>How often the worker writes its heartbeat on the lock session.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A heartbeat that takes longer than this counts as failed: the worker fences itself.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a start waits for a lock held by another session before refusing.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The fleet's liveness thresholds. A newcomer waits while the node ID's current incarnation heartbeated within
    /// <see cref="LivenessThresholds.Active"/> (its owner may be reconnecting); a worker whose own last beat is older
    /// than <see cref="LivenessThresholds.Inactive"/> (the process was paused) fences itself, because the controller
    /// may have moved its jobs meanwhile.
    /// </summary>
    public LivenessThresholds Liveness { get; init; } = LivenessThresholds.Default;

    public TimeSpan ReconnectBackoffInitial { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan ReconnectBackoffMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The lock session's application_name: leads with our OS pid so a truncated name still identifies us.</summary>
    public string SessionApplicationName => $"ampd worker {Origin.Pid} {NodeId.Value}";
}
