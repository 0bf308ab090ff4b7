using Amp.Core.Workers;
using Npgsql;

namespace Amp.MetadataDb.Workers;

/// <summary>The session that holds a node ID's advisory lock, as PostgreSQL reports it.</summary>
public sealed record LockHolder(int BackendPid, string? ApplicationName, string? ClientAddress, DateTime? BackendStart);

/// <summary>
/// The session-level advisory lock on <c>hashtextextended(node_id, 0)</c> that makes a node ID exclusive.
/// Taken on a worker's dedicated connection before it writes anything; released when that session ends.
/// </summary>
public static class NodeIdLock
{
    private const string TryAcquireSql = "SELECT pg_try_advisory_lock(hashtextextended($1, 0))";
    private const string ReleaseSql = "SELECT pg_advisory_unlock(hashtextextended($1, 0))";

    // pg_locks splits a bigint advisory key into classid (high 32 bits) and objid (low 32 bits), objsubid = 1.
    internal const string HeldKeysCte = """
        held_locks AS (
            SELECT (l.classid::bigint << 32) | l.objid::bigint AS lock_key, l.pid
            FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        )
        """;

    /// <summary>
    /// SQL condition (for a row <c>w</c> of <c>workers</c>, inside a query that defines held_locks): the node's lock
    /// is held by the session of its current incarnation. A session that took the lock but has not registered yet
    /// does not count, so a worker is never "active" under an epoch whose owner is gone.
    /// </summary>
    internal const string CurrentEpochHoldsLock = """
        EXISTS (SELECT 1 FROM held_locks h JOIN worker_incarnations li ON li.backend_pid = h.pid
                WHERE h.lock_key = hashtextextended(w.node_id, 0) AND li.node_id = w.node_id AND li.epoch = w.epoch AND li.ended_at IS NULL)
        """;

    private const string HolderSql = "WITH " + HeldKeysCte + """
        SELECT h.pid, a.application_name, a.client_addr::text, a.backend_start
        FROM held_locks h
        LEFT JOIN pg_stat_activity a ON a.pid = h.pid
        WHERE h.lock_key = hashtextextended($1, 0)
        LIMIT 1
        """;

    private const string TerminateSql = "SELECT pg_terminate_backend($1)";

    public static async Task<bool> TryAcquireAsync(NpgsqlConnection session, NodeId nodeId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(TryAcquireSql, session);
        cmd.Parameters.AddWithValue(nodeId.Value);
        return (bool)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public static async Task ReleaseAsync(NpgsqlConnection session, NodeId nodeId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(ReleaseSql, session);
        cmd.Parameters.AddWithValue(nodeId.Value);
        await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    public static async Task<LockHolder?> FindHolderAsync(NpgsqlConnection conn, NodeId nodeId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(HolderSql, conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            return null;
        return new LockHolder(
            reader.GetInt32(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetDateTime(3));
    }

    /// <summary>
    /// Ends a session of our own that still holds the lock after we lost its connection (a half-open TCP
    /// connection the server has not noticed yet). Only ever called with a backend PID this process owned.
    /// </summary>
    public static async Task<bool> TerminateStaleSessionAsync(NpgsqlConnection conn, int backendPid, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(TerminateSql, conn);
        cmd.Parameters.AddWithValue(backendPid);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
    }
}
