using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Workers;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amp.Worker.Lifecycle;

/// <summary>
/// Opens the dedicated lock session and takes the node ID's advisory lock, before anything is written.
/// A lock still held by a session of our own that we lost (half-open connection) is reclaimed; a lock held by
/// anyone else is waited for briefly and then reported as in use.
/// </summary>
internal sealed class NodeLockAcquirer(MetadataDatabase db, WorkerOptions options, TimeProvider time, ILogger logger)
{
    public async Task<LockOutcome> AcquireAsync(int? ownStaleBackendPid, CancellationToken ct)
    {
        var session = await db.OpenDedicatedAsync(options.SessionApplicationName, ct).ConfigureAwait(false);
        try
        {
            var started = time.GetTimestamp();
            while (true)
            {
                if (await NodeIdLock.TryAcquireAsync(session, options.NodeId, ct).ConfigureAwait(false))
                    return new LockOutcome.Acquired(session);

                var holder = await NodeIdLock.FindHolderAsync(session, options.NodeId, ct).ConfigureAwait(false);
                if (holder is not null && ownStaleBackendPid == holder.BackendPid && IsOurs(holder))
                {
                    WorkerLog.ReclaimingStaleSession(logger, options.NodeId.Value, holder.BackendPid);
                    await NodeIdLock.TerminateStaleSessionAsync(session, holder.BackendPid, ct).ConfigureAwait(false);
                    ownStaleBackendPid = null;
                    continue;
                }
                if (time.GetElapsedTime(started) >= options.LockWait)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                    return new LockOutcome.InUse(holder);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private bool IsOurs(LockHolder holder) =>
        holder.ApplicationName is null || holder.ApplicationName.StartsWith($"ampd worker {options.Origin.Pid} ", StringComparison.Ordinal);
}
