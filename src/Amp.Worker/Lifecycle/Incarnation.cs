using Amp.Core.Workers;
using Amp.MetadataDb.Workers;

namespace Amp.Worker.Lifecycle;

/// <summary>
/// One life of a node ID: from taking its lock until the lock session is lost or released. Work done on behalf
/// of the worker watches <see cref="Fenced"/> and stops the moment the incarnation ends.
/// </summary>
public sealed class Incarnation
{
    private readonly CancellationTokenSource _fence = new();

    public Incarnation(Registration registration) => Registration = registration;

    public Registration Registration { get; }
    public NodeId NodeId => Registration.NodeId;
    public Epoch Epoch => Registration.Epoch;

    /// <summary>Cancelled when this incarnation may no longer act: its lock session failed or it is shutting down.</summary>
    public CancellationToken Fenced => _fence.Token;

    public bool IsFenced => _fence.IsCancellationRequested;

    /// <summary>Database time of the last heartbeat that was written.</summary>
    public DateTime? LastHeartbeatAt { get; internal set; }

    /// <summary>An operator asked this worker to take no new jobs (acknowledged on the heartbeat that saw it).</summary>
    public bool IsDraining { get; private set; }

    /// <summary>Records the drain state seen on a heartbeat; true when it changed.</summary>
    internal bool SetDraining(bool draining)
    {
        if (draining == IsDraining)
            return false;
        IsDraining = draining;
        return true;
    }

    internal void Fence()
    {
        if (!_fence.IsCancellationRequested)
            _fence.Cancel();
    }
}
