using Amp.MetadataDb.Connection;
using Amp.Core.Build;
using Amp.Core.Workers;
using Amp.MetadataDb.Workers;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Incarnations;

/// <summary>All SQL on the <c>worker_incarnations</c> table: the ledger of every start of every node ID.</summary>
public sealed class IncarnationRepository(NpgsqlDataSource db)
{
    // Closes whatever is still open for the node: the caller holds the node's lock, so the owner of any open
    // incarnation is gone. It ended at its last heartbeat, the last moment it was known to be alive.
    private const string CloseOpenSql = """
        UPDATE worker_incarnations i
        SET ended_at = ended.at, last_heartbeat_at = ended.at,
            end_reason = CASE WHEN i.epoch = $2 THEN 'connection_lost' ELSE 'crashed' END
        FROM (
            SELECT i2.epoch,
                   CASE WHEN w.epoch = i2.epoch THEN GREATEST(w.heartbeat_at, i2.started_at) ELSE i2.started_at END AS at
            FROM worker_incarnations i2 JOIN workers w ON w.node_id = i2.node_id
            WHERE i2.node_id = $1 AND i2.ended_at IS NULL
        ) ended
        WHERE i.node_id = $1 AND i.epoch = ended.epoch
        """;

    // A controller may have recorded our own lost incarnation as crashed while we were reconnecting.
    private const string CorrectOwnSql = """
        UPDATE worker_incarnations SET end_reason = 'connection_lost'
        WHERE node_id = $1 AND epoch = $2 AND end_reason = 'crashed'
        """;

    // Incarnations whose owner is gone without saying so: lock not held and no heartbeat for a while.
    private const string SweepCrashedSql = "WITH " + NodeIdLock.HeldKeysCte + $"""
        , gone AS (
            SELECT w.node_id, w.epoch, w.heartbeat_at
            FROM workers w
            WHERE w.heartbeat_at < now() - make_interval(secs => $1)
              AND NOT {NodeIdLock.CurrentEpochHoldsLock}
        )
        UPDATE worker_incarnations i
        SET ended_at = GREATEST(g.heartbeat_at, i.started_at), last_heartbeat_at = GREATEST(g.heartbeat_at, i.started_at),
            end_reason = 'crashed'
        FROM gone g
        WHERE i.node_id = g.node_id AND i.epoch = g.epoch AND i.ended_at IS NULL
        RETURNING i.node_id, i.epoch, i.ended_at
        """;

    private const string OpenSql = """
        INSERT INTO worker_incarnations (node_id, epoch, host, pid, backend_pid, info, started_at)
        VALUES ($1, $2, $3, $4, $5, $6, now())
        """;

    private const string EndSql = """
        UPDATE worker_incarnations
        SET ended_at = now(), end_reason = $3,
            last_heartbeat_at = COALESCE((SELECT w.heartbeat_at FROM workers w WHERE w.node_id = $1 AND w.epoch = $2), started_at)
        WHERE node_id = $1 AND epoch = $2 AND ended_at IS NULL
        """;

    // The old owner learns it was superseded only after the new owner closed its incarnation as crashed.
    private const string MarkSupersededSql = """
        UPDATE worker_incarnations
        SET end_reason = 'superseded',
            ended_at = COALESCE(ended_at, $3, started_at),
            last_heartbeat_at = COALESCE(last_heartbeat_at, $3, started_at)
        WHERE node_id = $1 AND epoch = $2 AND (ended_at IS NULL OR end_reason IN ('crashed', 'connection_lost'))
        """;

    private const string ListSql = """
        SELECT i.epoch, i.host, i.pid, i.backend_pid, i.info::text, i.started_at,
               CASE WHEN i.ended_at IS NULL AND w.epoch = i.epoch THEN w.heartbeat_at ELSE i.last_heartbeat_at END,
               i.ended_at, i.end_reason
        FROM worker_incarnations i JOIN workers w ON w.node_id = i.node_id
        WHERE i.node_id = $1 AND ($3::bigint IS NULL OR i.epoch < $3)
        ORDER BY i.epoch DESC
        LIMIT $2
        """;

    internal static async Task<int> CloseOpenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NodeId nodeId, Epoch? ownPreviousEpoch, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(CloseOpenSql, conn, tx);
        cmd.Parameters.AddWithValue(nodeId.Value);
        cmd.Parameters.AddWithValue(ownPreviousEpoch?.Value ?? 0L);
        var closed = await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        if (ownPreviousEpoch is { } own)
        {
            await using var correct = new NpgsqlCommand(CorrectOwnSql, conn, tx);
            correct.Parameters.AddWithValue(nodeId.Value);
            correct.Parameters.AddWithValue(own.Value);
            await correct.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return closed;
    }

    /// <summary>
    /// Closes, as crashed, every open incarnation whose node has no lock holder and no heartbeat for
    /// <paramref name="silence"/>. Returns what it closed.
    /// </summary>
    public async Task<IReadOnlyList<(NodeId NodeId, Epoch Epoch, DateTime EndedAt)>> SweepCrashedAsync(TimeSpan silence, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(SweepCrashedSql, conn);
        cmd.Parameters.AddWithValue(silence.TotalSeconds);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var closed = new List<(NodeId, Epoch, DateTime)>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            closed.Add((NodeId.FromTrusted(reader.GetString(0)), new Epoch(reader.GetInt64(1)), reader.GetDateTime(2)));
        return closed;
    }

    /// <summary>Number of incarnations of the node.</summary>
    public async Task<long> CountAsync(NodeId nodeId, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM worker_incarnations WHERE node_id = $1", conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    internal static async Task OpenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NodeId nodeId, Epoch epoch,
        ProcessOrigin origin, int backendPid, BuildInfo info, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(OpenSql, conn, tx);
        cmd.Parameters.AddWithValue(nodeId.Value);
        cmd.Parameters.AddWithValue(epoch.Value);
        cmd.Parameters.AddWithValue(origin.Host);
        cmd.Parameters.AddWithValue(origin.Pid);
        cmd.Parameters.AddWithValue(backendPid);
        cmd.Parameters.Add(new NpgsqlParameter { Value = WorkerInfoJson.Serialize(info), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Ends the caller's own incarnation (graceful shutdown); runs on the lock session while it is held.</summary>
    public static async Task<bool> EndAsync(NpgsqlConnection session, NodeId nodeId, Epoch epoch, IncarnationEndReason reason, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(EndSql, session);
        cmd.Parameters.AddWithValue(nodeId.Value);
        cmd.Parameters.AddWithValue(epoch.Value);
        cmd.Parameters.AddWithValue(reason.ToWire());
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Records that the caller's old incarnation was superseded by another process; touches only that row.</summary>
    public async Task MarkSupersededAsync(NodeId nodeId, Epoch epoch, DateTime? lastHeartbeatAt, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(MarkSupersededSql, conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        cmd.Parameters.AddWithValue(epoch.Value);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)lastHeartbeatAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The node's incarnations, newest first; with <paramref name="before"/>, only older epochs (paging).</summary>
    public async Task<IReadOnlyList<IncarnationRecord>> ListAsync(NodeId nodeId, int limit, CancellationToken ct, Epoch? before = null)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ListSql, conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)before?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<IncarnationRecord>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new IncarnationRecord(
                nodeId,
                new Epoch(reader.GetInt64(0)),
                new ProcessOrigin(reader.GetString(1), reader.GetInt32(2)),
                reader.GetInt32(3),
                WorkerInfoJson.Deserialize(reader.GetString(4)),
                reader.GetDateTime(5),
                reader.IsDBNull(6) ? null : reader.GetDateTime(6),
                reader.IsDBNull(7) ? null : reader.GetDateTime(7),
                reader.IsDBNull(8) ? null : IncarnationEndReasonNames.FromWire(reader.GetString(8))));
        }
        return list;
    }
}

public sealed record IncarnationRecord(
    NodeId NodeId,
    Epoch Epoch,
    ProcessOrigin Origin,
    int BackendPid,
    BuildInfo Info,
    DateTime StartedAt,
    DateTime? LastHeartbeatAt,
    DateTime? EndedAt,
    IncarnationEndReason? EndReason);
