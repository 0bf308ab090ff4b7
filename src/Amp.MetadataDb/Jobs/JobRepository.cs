using Amp.MetadataDb.Connection;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Amp.MetadataDb.Workers;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Jobs;

/// <summary>Reads and deletions of jobs (the <c>jobs</c> table with its <c>jobs_status</c> projection).</summary>
public sealed class JobRepository(NpgsqlDataSource db)
{
    private const string GetSql = "SELECT " + JobReader.Columns + " FROM jobs j JOIN jobs_status js ON js.job_id = j.id WHERE j.id = $1";

    private const string ListSql = "SELECT " + JobReader.Columns + """
         FROM jobs j JOIN jobs_status js ON js.job_id = j.id
        WHERE ($1::text[] IS NULL OR js.status = ANY($1)) AND ($2::bigint IS NULL OR j.id < $2)
          AND ($4::text IS NULL OR j.descriptor->>'kind' = $4)
        ORDER BY j.id DESC
        LIMIT $3
        """;

    private const string ForNodeSql = "SELECT " + JobReader.Columns + """
         FROM jobs j JOIN jobs_status js ON js.job_id = j.id
        WHERE js.node_id = $1 AND js.status IN ('SCHEDULED', 'RUNNING', 'STOP_REQUESTED', 'STOPPING')
        ORDER BY j.id
        """;

    private const string ByDescriptorSql = "SELECT " + JobReader.Columns + """
         FROM jobs j JOIN jobs_status js ON js.job_id = j.id
        WHERE j.descriptor @> $1
        ORDER BY j.id
        """;

    private const string DeleteIfTerminalSql = """
        WITH target AS (SELECT job_id, status FROM jobs_status WHERE job_id = $1),
        deleted AS (
            DELETE FROM jobs WHERE id IN (SELECT job_id FROM target WHERE status IN ('COMPLETED', 'STOPPED', 'ERROR', 'FATAL'))
            RETURNING id
        )
        SELECT (SELECT status FROM target), (SELECT count(*) FROM deleted)
        """;

    private const string DeleteByStatusSql = "DELETE FROM jobs WHERE id IN (SELECT job_id FROM jobs_status WHERE status = ANY($1))";

    // Jobs whose worker is inactive by the one liveness rule: lock gone, or heartbeat older than the threshold.
    private const string OrphanedSql = "WITH " + NodeIdLock.HeldKeysCte + $"""
        , dead AS (
            SELECT w.node_id,
                   CASE WHEN NOT {NodeIdLock.CurrentEpochHoldsLock}
                        THEN 'its lock was released (process gone)'
                        ELSE 'no heartbeat for ' || floor(EXTRACT(EPOCH FROM now() - w.heartbeat_at))::text || 's' END AS why,
                   w.heartbeat_at >= now() - make_interval(secs => $1) AS lock_lost_only
            FROM workers w
            WHERE NOT {NodeIdLock.CurrentEpochHoldsLock}
               OR w.heartbeat_at < now() - make_interval(secs => $1)
        )
        SELECT js.job_id, js.node_id, js.status, js.epoch, js.attempts, j.max_attempts, d.why, d.lock_lost_only
        FROM jobs_status js JOIN jobs j ON j.id = js.job_id JOIN dead d ON d.node_id = js.node_id
        WHERE js.status IN ('SCHEDULED', 'RUNNING', 'STOP_REQUESTED', 'STOPPING')
        ORDER BY js.job_id
        LIMIT 500
        """;

    // ERROR jobs whose backoff 2^attempts seconds (capped) has passed since the failure.
    private const string RetryReadySql = """
        SELECT js.job_id, js.node_id, js.attempts, j.max_attempts, js.detail::text, js.epoch
        FROM jobs_status js JOIN jobs j ON j.id = js.job_id
        WHERE js.status = 'ERROR'
          AND (js.attempts >= j.max_attempts
               OR js.updated_at + make_interval(secs => LEAST(power(2, LEAST(js.attempts, 30)), $1)) <= now())
        ORDER BY js.job_id
        LIMIT 500
        """;

    /// <summary>Jobs whose descriptor contains every field of <paramref name="match"/> (JSON containment), oldest first.</summary>
    public async Task<IReadOnlyList<JobRecord>> ListByDescriptorAsync(System.Text.Json.Nodes.JsonObject match, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ByDescriptorSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = match.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await JobReader.ReadAllAsync(cmd, JobReader.Read, ct).ConfigureAwait(false);
    }

    public async Task<JobRecord?> GetAsync(JobId id, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(GetSql, conn);
        cmd.Parameters.AddWithValue(id.Value);
        return (await JobReader.ReadAllAsync(cmd, JobReader.Read, ct).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>Jobs by id descending; <paramref name="statuses"/> null means all.</summary>
    public async Task<IReadOnlyList<JobRecord>> ListAsync(IReadOnlyCollection<JobStatus>? statuses, JobId? before, int limit, CancellationToken ct) =>
        await ListAsync(statuses, kind: null, before, limit, ct).ConfigureAwait(false);

    /// <summary>Jobs newest first, optionally of some statuses and of one descriptor kind (<c>materialize-raw</c>, <c>sleep</c>).</summary>
    public async Task<IReadOnlyList<JobRecord>> ListAsync(IReadOnlyCollection<JobStatus>? statuses, string? kind, JobId? before, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ListSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = statuses is null ? DBNull.Value : statuses.Select(s => s.ToWire()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)before?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)kind ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await JobReader.ReadAllAsync(cmd, JobReader.Read, ct).ConfigureAwait(false);
    }

    /// <summary>The node's jobs that are not finished (what its worker should be doing).</summary>
    public async Task<IReadOnlyList<JobRecord>> ListActiveForNodeAsync(NodeId nodeId, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ForNodeSql, conn);
        cmd.Parameters.AddWithValue(nodeId.Value);
        return await JobReader.ReadAllAsync(cmd, JobReader.Read, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes a terminal job. Returns null when absent, else the status it had and whether it was deleted.</summary>
    public async Task<(JobStatus Status, bool Deleted)?> DeleteIfTerminalAsync(JobId id, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(DeleteIfTerminalSql, conn);
        cmd.Parameters.AddWithValue(id.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        if (reader.IsDBNull(0))
            return null;
        JobStatuses.TryParse(reader.GetString(0), out var status);
        return (status, reader.GetInt64(1) == 1);
    }

    public async Task<int> DeleteByStatusAsync(IReadOnlyCollection<JobStatus> statuses, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(DeleteByStatusSql, conn);
        cmd.Parameters.AddWithValue(statuses.Select(s => s.ToWire()).ToArray());
        cmd.CommandTimeout = 120;
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OrphanedJob>> ListOrphanedAsync(TimeSpan inactiveAfter, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(OrphanedSql, conn);
        cmd.Parameters.AddWithValue(inactiveAfter.TotalSeconds);
        return await JobReader.ReadAllAsync(cmd, r =>
        {
            JobStatuses.TryParse(r.GetString(2), out var status);
            return new OrphanedJob(new JobId(r.GetInt64(0)), NodeId.FromTrusted(r.GetString(1)), status,
                r.IsDBNull(3) ? null : new Epoch(r.GetInt64(3)), r.GetInt32(4), r.GetInt32(5), r.GetString(6), r.GetBoolean(7));
        }, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RetryableJob>> ListRetryReadyAsync(TimeSpan backoffCap, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(RetryReadySql, conn);
        cmd.Parameters.AddWithValue(backoffCap.TotalSeconds);
        return await JobReader.ReadAllAsync(cmd, r => new RetryableJob(new JobId(r.GetInt64(0)), NodeId.FromTrusted(r.GetString(1)),
            r.IsDBNull(5) ? null : new Epoch(r.GetInt64(5)), r.GetInt32(2), r.GetInt32(3), r.IsDBNull(4) ? null : JobReader.Json(r.GetString(4))), ct).ConfigureAwait(false);
    }
}
