using Amp.MetadataDb.Connection;
using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Jobs;

/// <summary>A job a worker took: how it was before (SCHEDULED, or RUNNING under <see cref="PreviousEpoch"/>) and what to run.</summary>
public sealed record ClaimedJob(JobId Id, JobStatus Previous, Epoch? PreviousEpoch, int Attempts, JsonObject Descriptor);

/// <summary>
/// A worker's writes to job state. Each is one statement that changes <c>jobs_status</c> and appends the
/// matching <c>job_events</c> row, compare-and-set on (job, node, epoch) and on the node's current epoch in
/// <c>workers</c>, so a zombie incarnation can never overwrite what a newer owner wrote.
/// </summary>
public sealed class JobTransitions(NpgsqlDataSource db)
{
    private const string TransitionSql = """
        WITH moved AS (
            UPDATE jobs_status js
            SET status = $4, epoch = $3, detail = $5, updated_at = now(),
                progress = CASE WHEN $4 IN ('RUNNING') AND js.status = 'SCHEDULED' THEN NULL ELSE js.progress END
            WHERE js.job_id = $1 AND js.node_id = $2 AND js.status = ANY($6)
              AND ($7 OR js.epoch = $3)
              AND EXISTS (SELECT 1 FROM workers w WHERE w.node_id = $2 AND w.epoch = $3)
            RETURNING js.job_id
        )
        INSERT INTO job_events (job_id, node_id, epoch, event_type, detail)
        SELECT job_id, $2, $3, $4, $5 FROM moved
        RETURNING id
        """;

    // Locks the candidates (newest row versions), moves them to RUNNING under the epoch and appends one RUNNING
    // event each; the same compare-and-set as TransitionSql (node, status, the node's current epoch).
    private const string ClaimSql = """
        WITH target AS (
            SELECT js.job_id, js.status, js.epoch
            FROM jobs_status js
            WHERE js.node_id = $2
              AND ((js.job_id = ANY($1) AND js.status IN ('SCHEDULED', 'RUNNING')) OR ($4 AND js.status = 'SCHEDULED'))
              AND NOT (js.job_id = ANY($5))
            ORDER BY js.job_id
            FOR UPDATE
        ),
        moved AS (
            UPDATE jobs_status js
            SET status = 'RUNNING', epoch = $3, updated_at = now(),
                detail = CASE WHEN t.status = 'RUNNING' THEN jsonb_build_object('resumed_from_epoch', t.epoch) END,
                progress = CASE WHEN t.status = 'SCHEDULED' THEN NULL ELSE js.progress END
            FROM target t
            WHERE js.job_id = t.job_id AND js.node_id = $2 AND js.status IN ('SCHEDULED', 'RUNNING')
              AND EXISTS (SELECT 1 FROM workers w WHERE w.node_id = $2 AND w.epoch = $3)
            RETURNING js.job_id, t.status AS was, t.epoch AS was_epoch, js.attempts, js.detail
        ),
        events AS (
            INSERT INTO job_events (job_id, node_id, epoch, event_type, detail)
            SELECT job_id, $2, $3, 'RUNNING', detail FROM moved ORDER BY job_id
        )
        SELECT m.job_id, m.was, m.was_epoch, m.attempts, j.descriptor::text
        FROM moved m JOIN jobs j ON j.id = m.job_id
        ORDER BY m.job_id
        """;

    private const string ProgressSql = """
        UPDATE jobs_status
        SET progress = $4::jsonb || jsonb_build_object('updated_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
        WHERE job_id = $1 AND node_id = $2 AND epoch = $3 AND status IN ('RUNNING', 'STOP_REQUESTED', 'STOPPING')
          AND EXISTS (SELECT 1 FROM workers w WHERE w.node_id = $2 AND w.epoch = $3)
        """;

    // Graceful shutdown hands a running job back as SCHEDULED on the node; the controller moves it to a live
    // worker without counting an attempt.
    private const string ReleaseSql = """
        WITH moved AS (
            UPDATE jobs_status js SET status = 'SCHEDULED', epoch = NULL, progress = NULL, updated_at = now()
            WHERE js.job_id = $1 AND js.node_id = $2 AND js.epoch = $3 AND js.status = 'RUNNING'
              AND EXISTS (SELECT 1 FROM workers w WHERE w.node_id = $2 AND w.epoch = $3)
            RETURNING js.job_id, js.attempts
        )
        INSERT INTO job_events (job_id, node_id, epoch, event_type, detail, context)
        SELECT m.job_id, $2, $3, 'SCHEDULED', j.descriptor, jsonb_build_object('reason', 'worker_shutdown', 'attempt', m.attempts)
        FROM moved m JOIN jobs j ON j.id = m.job_id
        RETURNING id
        """;

    /// <summary>RUNNING → SCHEDULED on graceful shutdown, so another worker picks it up at once.</summary>
    public async Task<bool> ReleaseAsync(JobId id, NodeId node, Epoch epoch, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ReleaseSql, conn);
        cmd.Parameters.AddWithValue(id.Value);
        cmd.Parameters.AddWithValue(node.Value);
        cmd.Parameters.AddWithValue(epoch.Value);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }

    /// <summary>
    /// Takes jobs assigned to the node in one statement: SCHEDULED → RUNNING, or resumes one an earlier incarnation
    /// of the node was running (RUNNING under another epoch, recorded as <c>resumed_from_epoch</c>). Candidates are
    /// <paramref name="ids"/> and, with <paramref name="allScheduled"/>, every job SCHEDULED on the node; never those
    /// in <paramref name="except"/> (running here already). Returns what was taken with its descriptor, by job id;
    /// a job not (any more) this node's to take, or an epoch no longer current, is simply not in the answer.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(IReadOnlyCollection<JobId> ids, bool allScheduled, IReadOnlyCollection<JobId> except,
        NodeId node, Epoch epoch, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ClaimSql, conn);
        cmd.Parameters.AddWithValue(ids.Select(i => i.Value).ToArray());
        cmd.Parameters.AddWithValue(node.Value);
        cmd.Parameters.AddWithValue(epoch.Value);
        cmd.Parameters.AddWithValue(allScheduled);
        cmd.Parameters.AddWithValue(except.Select(i => i.Value).ToArray());
        return await JobReader.ReadAllAsync(cmd, r =>
        {
            JobStatuses.TryParse(r.GetString(1), out var was);
            return new ClaimedJob(new JobId(r.GetInt64(0)), was, r.IsDBNull(2) ? null : new Epoch(r.GetInt64(2)), r.GetInt32(3),
                JobReader.Json(r.GetString(4)) ?? []);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>RUNNING (or stop requested meanwhile) → COMPLETED, ERROR or FATAL, by the owning epoch.</summary>
    public Task<bool> FinishAsync(JobId id, NodeId node, Epoch epoch, JobStatus outcome, JsonObject? detail, CancellationToken ct) =>
        TransitionAsync(id, node, epoch, outcome, detail, [JobStatus.Running, JobStatus.StopRequested, JobStatus.Stopping], anyEpoch: false, ct);

    /// <summary>STOP_REQUESTED → STOPPING; the node's current incarnation takes over whatever epoch claimed it.</summary>
    public Task<bool> BeginStopAsync(JobId id, NodeId node, Epoch epoch, CancellationToken ct) =>
        TransitionAsync(id, node, epoch, JobStatus.Stopping, null, [JobStatus.StopRequested], anyEpoch: true, ct);

    /// <summary>STOPPING → STOPPED once the job's task has ended.</summary>
    public Task<bool> StoppedAsync(JobId id, NodeId node, Epoch epoch, CancellationToken ct) =>
        TransitionAsync(id, node, epoch, JobStatus.Stopped, null, [JobStatus.Stopping], anyEpoch: true, ct);

    /// <summary>Records progress; false when the job is no longer this incarnation's (it must stop at once).</summary>
    public async Task<bool> ReportProgressAsync(JobId id, NodeId node, Epoch epoch, JsonObject progress, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ProgressSql, conn);
        cmd.Parameters.AddWithValue(id.Value);
        cmd.Parameters.AddWithValue(node.Value);
        cmd.Parameters.AddWithValue(epoch.Value);
        cmd.Parameters.Add(new NpgsqlParameter { Value = progress.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    private async Task<bool> TransitionAsync(JobId id, NodeId node, Epoch epoch, JobStatus to, JsonObject? detail,
        JobStatus[] expected, bool anyEpoch, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(TransitionSql, conn);
        cmd.Parameters.AddWithValue(id.Value);
        cmd.Parameters.AddWithValue(node.Value);
        cmd.Parameters.AddWithValue(epoch.Value);
        cmd.Parameters.AddWithValue(to.ToWire());
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)detail?.ToJsonString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.AddWithValue(expected.Select(s => s.ToWire()).ToArray());
        cmd.Parameters.AddWithValue(anyEpoch);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }
}
