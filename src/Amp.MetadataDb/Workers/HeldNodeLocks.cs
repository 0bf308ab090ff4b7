using Npgsql;

namespace Amp.MetadataDb.Workers;

/// <summary>
/// Which sessions hold which node ID locks, read from <c>pg_locks</c> at most once per <see cref="MaxAge"/> and
/// shared by every scheduling request of the process. Reading <c>pg_locks</c> walks every backend slot of the
/// server (about a millisecond of server CPU with a few thousand <c>max_connections</c>), too much to pay per job.
/// <para>
/// A snapshot is trusted for an incarnation that started before it was read: its lock was taken before its
/// registration (<see cref="WorkerRegistration"/>), so the snapshot saw it. A newer incarnation forces a fresh
/// read, so a worker that just started is never refused. What can be stale, by at most <see cref="MaxAge"/>, is a
/// lock released since the read: a job may then be scheduled on a worker that died a moment ago, exactly as if the
/// worker had died a moment after the job was scheduled; the supervisor moves it (ownership is still claimed,
/// fenced, on the worker's epoch). The supervisor's failover itself always reads <c>pg_locks</c> fresh.
/// </para>
/// </summary>
public sealed class HeldNodeLocks(TimeSpan maxAge, TimeProvider? time = null)
{
    private const string ReadSql = "WITH " + NodeIdLock.HeldKeysCte + " SELECT statement_timestamp(), COALESCE(array_agg(lock_key), '{}'), COALESCE(array_agg(pid), '{}') FROM held_locks";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _current;

    /// <summary>The lock holders at <see cref="ReadAt"/> (database clock), read at <see cref="FetchedAt"/> (local timestamp).</summary>
    public sealed record Snapshot(HashSet<(long Key, int Pid)> Held, DateTime ReadAt, long FetchedAt)
    {
        public bool Holds(long key, int pid) => Held.Contains((key, pid));
    }

    public TimeSpan MaxAge { get; } = maxAge;

    /// <summary>
    /// A snapshot at most <see cref="MaxAge"/> old and read after <paramref name="notBefore"/> (database clock),
    /// when given: the caller saw an incarnation that started then. A refresh runs on the caller's connection (so
    /// a request never needs a second pooled connection while holding one).
    /// </summary>
    public async Task<Snapshot> GetAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, DateTime? notBefore, CancellationToken ct)
    {
        if (Fresh(Volatile.Read(ref _current), notBefore) is { } hit)
            return hit;
        await _refresh.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Another request may have refreshed it while this one waited.
            if (Fresh(_current, notBefore) is { } again)
                return again;
            var fetchedAt = _time.GetTimestamp();
            await using var cmd = new NpgsqlCommand(ReadSql, conn, tx);
            DateTime readAt;
            long[] keys;
            int[] pids;
            await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                await reader.ReadAsync(ct).ConfigureAwait(false);
                (readAt, keys, pids) = (reader.GetDateTime(0), reader.GetFieldValue<long[]>(1), reader.GetFieldValue<int[]>(2));
            }
            var held = new HashSet<(long, int)>(keys.Zip(pids));
            var snapshot = new Snapshot(held, readAt, fetchedAt);
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets the snapshot, so the next request reads <c>pg_locks</c> again.</summary>
    public void Invalidate() => Volatile.Write(ref _current, null);

    private Snapshot? Fresh(Snapshot? s, DateTime? notBefore) =>
        s is not null && _time.GetElapsedTime(s.FetchedAt) <= MaxAge && (notBefore is null || notBefore.Value < s.ReadAt) ? s : null;
}
