using Amp.Core.Workers;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Workers;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amp.Worker.Lifecycle;

/// <summary>
/// Opens the dedicated lock session and takes the node ID's advisory lock, before anything is written.
/// A lock still held by a session of our own that we lost (half-open connection, hung backend) is reclaimed; a lock
/// held by anyone else is waited for briefly and then reported as in use. A newcomer also steps back while the
/// node ID's current incarnation heartbeated within the active threshold: its owner may be re-establishing its
/// session after a blip, and must find its ID still free.
/// </summary>
internal sealed class NodeLockAcquirer(MetadataDatabase db, WorkerOptions options, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <param name="ownStaleBackendPid">The backend of our own lost session, when reconnecting.</param>
    /// <param name="ownPreviousEpoch">Our own lost epoch when reconnecting; null for a first start (a newcomer).</param>
    public async Task<LockOutcome> AcquireAsync(int? ownStaleBackendPid, Epoch? ownPreviousEpoch, CancellationToken ct)
    {
        var session = await db.OpenDedicatedAsync(options.SessionApplicationName, ct).ConfigureAwait(false);
        try
        {
            var started = time.GetTimestamp();
            var reclaimLogged = false;
            var yieldLogged = false;
            while (true)
            {
                if (await NodeIdLock.TryAcquireAsync(session, options.NodeId, ct).ConfigureAwait(false))
                {
                    if (ownPreviousEpoch is not null || await IncumbentAgeAsync(session, ct).ConfigureAwait(false) is not { } age)
                        return new LockOutcome.Acquired(session);
                    // The lock is free but its owner beat recently: give it back and wait, so a worker that is
                    // reconnecting keeps its ID; after a real crash the beat ages past the threshold soon.
                    await NodeIdLock.ReleaseAsync(session, options.NodeId, ct).ConfigureAwait(false);
                    if (!yieldLogged)
                        WorkerLog.YieldingToIncumbent(logger, options.NodeId.Value, age.TotalSeconds, options.Liveness.Active.TotalSeconds);
                    yieldLogged = true;
                    started = time.GetTimestamp(); // the lock-wait starts once the incumbent's beat has aged out or it holds the lock again
                    await Task.Delay(Poll, time, ct).ConfigureAwait(false);
                    continue;
                }

                var holder = await NodeIdLock.FindHolderAsync(session, options.NodeId, ct).ConfigureAwait(false);
                if (holder is not null && ownStaleBackendPid == holder.BackendPid && IsOurs(holder))
                {
                    // A hung backend does not die from the signal until it runs again; keep asking every poll.
                    if (!reclaimLogged)
                        WorkerLog.ReclaimingStaleSession(logger, options.NodeId.Value, holder.BackendPid);
                    reclaimLogged = true;
                    await NodeIdLock.TerminateStaleSessionAsync(session, holder.BackendPid, ct).ConfigureAwait(false);
                }
                if (time.GetElapsedTime(started) >= options.LockWait)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                    return new LockOutcome.InUse(holder);
                }
                await Task.Delay(Poll, time, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Heartbeat age of the node ID's open current incarnation when within the active threshold, else null.</summary>
    private async Task<TimeSpan?> IncumbentAgeAsync(NpgsqlConnection session, CancellationToken ct)
    {
        var age = await WorkerRepository.CurrentIncarnationHeartbeatAgeAsync(session, options.NodeId, ct).ConfigureAwait(false);
        return age is { } a && a < options.Liveness.Active ? a : null;
    }

    private bool IsOurs(LockHolder holder) =>
        holder.ApplicationName is null || holder.ApplicationName.StartsWith($"ampd worker {options.Origin.Pid} ", StringComparison.Ordinal);
}
