using Amp.MetadataDb.Connection;
using Amp.Core.Build;
using Amp.Core.Workers;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Workers;

/// <summary>All SQL on the <c>workers</c> table.</summary>
public sealed class WorkerRepository(NpgsqlDataSource db)
{
    private const string UpsertSql = """
        INSERT INTO workers AS w (node_id, info, created_at, registered_at, heartbeat_at, epoch)
        VALUES ($1, $2, now(), now(), now(), 1)
        ON CONFLICT (node_id) DO UPDATE
            SET info = EXCLUDED.info, registered_at = now(), heartbeat_at = now(), epoch = w.epoch + 1,
                retired_at = NULL, drain_acknowledged_at = NULL
        RETURNING epoch, created_at, registered_at
        """;

    // The heartbeat also acknowledges a drain request, so the operator sees it took effect within a beat.
    private const string HeartbeatSql = """
        UPDATE workers
        SET heartbeat_at = now(),
            drain_acknowledged_at = CASE WHEN draining_since IS NULL THEN NULL ELSE COALESCE(drain_acknowledged_at, now()) END
        WHERE node_id = $1 AND epoch = $2
        RETURNING heartbeat_at, draining_since
        """;

    // The heartbeat age of the node's current incarnation if its owner may be reconnecting: the incarnation is
    // still open (the owner never said it stopped) or ended as connection_lost (the owner said it is coming back).
    // A newcomer must not take the ID from such an owner while its beat is recent.
    private const string CurrentAgeSql = """
        SELECT GREATEST(0, EXTRACT(EPOCH FROM (now() - w.heartbeat_at)) * 1000)::bigint
        FROM workers w JOIN worker_incarnations i ON i.node_id = w.node_id AND i.epoch = w.epoch
        WHERE w.node_id = $1 AND (i.ended_at IS NULL OR i.end_reason = 'connection_lost')
        """;

    private const string DrainSql = "UPDATE workers SET draining_since = COALESCE(draining_since, now()) WHERE node_id = $1";
    private const string UndrainSql = "UPDATE workers SET draining_since = NULL, drain_acknowledged_at = NULL WHERE node_id = $1";

    // Retiring is refused while the node's lock is held: a live worker cannot be retired under its feet.
    private const string RetireSql = "WITH " + NodeIdLock.HeldKeysCte + """
        , target AS (
            SELECT w.node_id, EXISTS (SELECT 1 FROM held_locks h WHERE h.lock_key = hashtextextended(w.node_id, 0)) AS lock_held
            FROM workers w WHERE w.node_id = $1
        ), retired AS (
            UPDATE workers w SET retired_at = COALESCE(w.retired_at, now())
            FROM target t WHERE w.node_id = t.node_id AND NOT t.lock_held
            RETURNING w.node_id
        )
        SELECT t.lock_held FROM target t
        """;

    // Liveness is computed here, once, with the database clock: DESIGN.md §6. Set-based: the live sessions (lock
    // held by an open incarnation's backend) and the load per node are computed once and joined, never per row.
    private const string SelectSql = "WITH " + NodeIdLock.HeldKeysCte + """
        , live AS (
            SELECT i.node_id, i.epoch
            FROM held_locks h JOIN worker_incarnations i ON i.backend_pid = h.pid AND i.ended_at IS NULL
            WHERE h.lock_key = hashtextextended(i.node_id, 0)
        ), load AS (
            SELECT js.node_id, count(*) AS running_jobs
            FROM jobs_status js
            WHERE js.status IN ('SCHEDULED', 'RUNNING', 'STOP_REQUESTED', 'STOPPING')
            GROUP BY js.node_id
        ), observed AS (
            SELECT w.node_id, w.info::text AS info, w.created_at, w.registered_at, w.heartbeat_at, w.epoch,
                   w.draining_since, w.drain_acknowledged_at, w.retired_at,
                   COALESCE(l.running_jobs, 0) AS running_jobs,
                   GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (now() - w.heartbeat_at)) * 1000))::bigint AS heartbeat_age_ms,
                   lv.node_id IS NOT NULL AS lock_held,
                   now() AS observed_at
            FROM workers w
            LEFT JOIN live lv ON lv.node_id = w.node_id AND lv.epoch = w.epoch
            LEFT JOIN load l ON l.node_id = w.node_id
            WHERE ($1::text IS NULL OR w.node_id = $1)
              AND ($1::text IS NOT NULL OR $6 OR w.retired_at IS NULL)
              AND ($7::text IS NULL OR w.node_id > $7)
        ), classified AS (
            SELECT o.*,
                   CASE WHEN NOT o.lock_held OR o.heartbeat_age_ms > $3 THEN 'inactive'
                        WHEN o.heartbeat_age_ms > $2 THEN 'stalled'
                        ELSE 'active' END AS status
            FROM observed o
        )
        SELECT node_id, info, created_at, registered_at, heartbeat_at, heartbeat_age_ms, lock_held, status, epoch, observed_at,
               draining_since, drain_acknowledged_at, retired_at, running_jobs
        FROM classified
        WHERE ($4::text IS NULL OR status = $4)
          AND ($5::text IS NULL OR info::jsonb ->> 'version' = $5)
        ORDER BY node_id
        LIMIT $8
        """;

    /// <summary>Upserts the row of a node whose lock the caller holds; returns the new epoch.</summary>
    internal static async Task<(Epoch Epoch, DateTime CreatedAt, DateTime RegisteredAt)> UpsertForRegistrationAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, NodeId nodeId, BuildInfo info, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(UpsertSql, conn, tx);
        cmd.Parameters.AddWithValue(nodeId.Value);
        cmd.Parameters.Add(new NpgsqlParameter { Value = WorkerInfoJson.Serialize(info), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return (new Epoch(reader.GetInt64(0)), reader.GetDateTime(1), reader.GetDateTime(2));
    }

    /// <summary>
    /// Writes a heartbeat fenced on (node, epoch) on the lock session and acknowledges a pending drain.
    /// Returns null when the row no longer belongs to this epoch.
    /// </summary>
    public static async Task<Heartbeat?> HeartbeatAsync(NpgsqlConnection session, NodeId nodeId, Epoch epoch, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(HeartbeatSql, session);
        cmd.Parameters.AddWithValue(nodeId.Value);
        cmd.Parameters.AddWithValue(epoch.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            return null;
        return new Heartbeat(reader.GetDateTime(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1));
    }

    /// <summary>Heartbeat age of the node's current incarnation while its owner may be reconnecting, else null.</summary>
    public static async Task<TimeSpan?> CurrentIncarnationHeartbeatAgeAsync(NpgsqlConnection conn, NodeId nodeId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(CurrentAgeSql, conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is long ms ? TimeSpan.FromMilliseconds(ms) : null;
    }

    public async Task<WorkerRecord?> GetAsync(NodeId nodeId, LivenessThresholds thresholds, CancellationToken ct)
    {
        var list = await QueryAsync(nodeId, WorkerFilter.None, thresholds, ct).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public Task<IReadOnlyList<WorkerRecord>> ListAsync(WorkerFilter filter, LivenessThresholds thresholds, CancellationToken ct) =>
        QueryAsync(null, filter, thresholds, ct);

    /// <summary>Asks the worker to take no new jobs; idempotent (keeps the first request time).</summary>
    public Task<bool> DrainAsync(NodeId nodeId, CancellationToken ct) => UpdateAsync(DrainSql, nodeId, ct);

    public Task<bool> UndrainAsync(NodeId nodeId, CancellationToken ct) => UpdateAsync(UndrainSql, nodeId, ct);

    /// <summary>Retires a worker whose lock is not held. Returns NotFound, Active (lock held) or Retired.</summary>
    public async Task<RetireOutcome> RetireAsync(NodeId nodeId, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(RetireSql, conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            return RetireOutcome.NotFound;
        return reader.GetBoolean(0) ? RetireOutcome.Active : RetireOutcome.Retired;
    }

    private async Task<bool> UpdateAsync(string sql, NodeId nodeId, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    private async Task<IReadOnlyList<WorkerRecord>> QueryAsync(NodeId? nodeId, WorkerFilter filter, LivenessThresholds thresholds, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(SelectSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)nodeId?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue((long)thresholds.Active.TotalMilliseconds);
        cmd.Parameters.AddWithValue((long)thresholds.Inactive.TotalMilliseconds);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Status?.ToWire() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Version ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(filter.IncludeRetired);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.After?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Limit ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var result = new List<WorkerRecord>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            WorkerStatusNames.TryParse(reader.GetString(7), out var status);
            result.Add(new WorkerRecord(
                NodeId.FromTrusted(reader.GetString(0)),
                WorkerInfoJson.Deserialize(reader.GetString(1)),
                reader.GetDateTime(2),
                reader.GetDateTime(3),
                reader.GetDateTime(4),
                reader.GetInt64(5),
                reader.GetBoolean(6),
                status,
                new Epoch(reader.GetInt64(8)),
                reader.GetDateTime(9))
            {
                DrainingSince = reader.IsDBNull(10) ? null : reader.GetDateTime(10),
                DrainAcknowledgedAt = reader.IsDBNull(11) ? null : reader.GetDateTime(11),
                RetiredAt = reader.IsDBNull(12) ? null : reader.GetDateTime(12),
                RunningJobs = reader.GetInt64(13),
            });
        }
        return result;
    }
}
