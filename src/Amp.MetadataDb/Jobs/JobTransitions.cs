using Amp.MetadataDb.Connection;
using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Jobs;

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
    /// Takes a job assigned to the node: SCHEDULED → RUNNING, or resumes one an earlier incarnation of the node
    /// was running. False when the job is not (any more) this node's to take.
    /// </summary>
    public Task<bool> ClaimAsync(JobId id, NodeId node, Epoch epoch, Epoch? resumedFrom, CancellationToken ct) =>
        TransitionAsync(id, node, epoch, JobStatus.Running, resumedFrom is { } e ? new JsonObject { ["resumed_from_epoch"] = e.Value } : null,
            [JobStatus.Scheduled, JobStatus.Running], anyEpoch: true, ct);

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
