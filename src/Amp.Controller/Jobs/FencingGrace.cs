using Amp.Core.Workers;
using Amp.MetadataDb.Jobs;

namespace Amp.Controller.Jobs;

/// <summary>
/// Holds back the jobs of a worker whose lock session vanished until the controller has seen it gone for the
/// fencing grace. The lock can vanish before the worker notices (its backend was terminated, its connection cut);
/// the grace covers the worker's detection time, so a job never runs on the old and the new worker at once. Jobs of
/// a worker silent past the inactive threshold move at once: that worker fenced itself long ago.
/// </summary>
internal sealed class FencingGrace(TimeSpan grace, TimeProvider time)
{
    private readonly Dictionary<NodeId, long> _firstSeenGone = [];

    public IReadOnlyList<OrphanedJob> Passed(IReadOnlyList<OrphanedJob> orphans)
    {
        var now = time.GetTimestamp();
        var gone = orphans.Where(o => o.LockLostOnly).Select(o => o.NodeId).ToHashSet();
        foreach (var node in _firstSeenGone.Keys.Where(n => !gone.Contains(n)).ToList())
            _firstSeenGone.Remove(node);
        foreach (var node in gone)
            _firstSeenGone.TryAdd(node, now);
        return orphans.Where(o => !o.LockLostOnly || time.GetElapsedTime(_firstSeenGone[o.NodeId]) >= grace).ToList();
    }
}
