using Amp.MetadataDb.Connection;
using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Amp.MetadataDb.Workers;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Jobs;

/// <summary>Which workers may receive a job.</summary>
public abstract record WorkerSelector
{
    private WorkerSelector() { }
    public sealed record Any : WorkerSelector;
    public sealed record Exact(NodeId NodeId) : WorkerSelector;
    public sealed record Prefix(string Value) : WorkerSelector;
}

/// <summary>The outcome of scheduling a new job.</summary>
public abstract record ScheduleOutcome
{
    private ScheduleOutcome() { }
    public sealed record Scheduled(JobId Id, NodeId? NodeId, bool Existing) : ScheduleOutcome;
    public sealed record NoWorkers(WorkerSelector Selector) : ScheduleOutcome;
    public sealed record ActiveConflict(JobId Existing) : ScheduleOutcome;
}

/// <summary>
/// The controller's writes to job state: scheduling, stop requests, failover, retries. Every change of a job,
/// its event and its <c>pg_notify('job_actions', …)</c> commit in one transaction.
/// </summary>
public sealed class JobScheduling(NpgsqlDataSource db)
{
    // Active, not draining, not retired workers with their load (jobs not yet finished), least loaded first.
    private const string CandidatesSql = "WITH " + NodeIdLock.HeldKeysCte + $"""
        SELECT w.node_id,
               (SELECT count(*) FROM jobs_status js
                 WHERE js.node_id = w.node_id AND js.status IN ('SCHEDULED', 'RUNNING', 'STOP_REQUESTED', 'STOPPING')) AS load
        FROM workers w
        WHERE w.retired_at IS NULL AND w.draining_since IS NULL
          AND w.heartbeat_at >= now() - make_interval(secs => $1)
          AND {NodeIdLock.CurrentEpochHoldsLock}
        ORDER BY load, w.node_id
        """;

    private const string FindByKeySql = """
        SELECT j.id, j.descriptor = $2::jsonb, js.status
        FROM jobs j JOIN jobs_status js ON js.job_id = j.id
        WHERE j.idempotency_key = $1
        FOR UPDATE OF j, js
        """;

    private const string InsertJobSql = """
        INSERT INTO jobs (idempotency_key, node_id, descriptor, max_attempts)
        VALUES (COALESCE($1, 'auto:' || gen_random_uuid()::text), $2, $3, $4)
        RETURNING id
        """;

    private const string InsertStatusSql = "INSERT INTO jobs_status (job_id, node_id, status, attempts) VALUES ($1, $2, 'SCHEDULED', 1)";

    private const string RedeploySql = """
        WITH d AS (UPDATE jobs SET descriptor = $3 WHERE id = $1)
        UPDATE jobs_status SET node_id = $2, epoch = NULL, status = 'SCHEDULED', attempts = 1, detail = NULL, progress = NULL, updated_at = now()
        WHERE job_id = $1
        """;

    private const string EventSql = "INSERT INTO job_events (job_id, node_id, epoch, event_type, detail, context) VALUES ($1, $2, $3, $4, $5, $6)";

    private const string NotifySql = "SELECT pg_notify('" + JobNotification.Channel + "', $1)";

    private const string RequestStopSql = """
        UPDATE jobs_status SET status = 'STOP_REQUESTED', detail = NULL, updated_at = now()
        WHERE job_id = $1 AND status IN ('SCHEDULED', 'RUNNING')
        RETURNING node_id, epoch
        """;

    // Moves a job off a worker, compare-and-set on the assignment the caller saw.
    private const string MoveSql = """
        UPDATE jobs_status
        SET node_id = $5, epoch = NULL, status = 'SCHEDULED', attempts = attempts + $6, detail = NULL, progress = NULL, updated_at = now()
        WHERE job_id = $1 AND node_id = $2 AND status = $3 AND epoch IS NOT DISTINCT FROM $4
        RETURNING attempts
        """;

    private const string EndSql = """
        UPDATE jobs_status SET status = $5, detail = $6, updated_at = now()
        WHERE job_id = $1 AND node_id = $2 AND status = $3 AND epoch IS NOT DISTINCT FROM $4
        """;

    private const string DescriptorSql = "SELECT descriptor::text FROM jobs WHERE id = $1";

    public async Task<IReadOnlyList<Candidate>> ListCandidatesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, LivenessThresholds liveness, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(CandidatesSql, conn, tx);
        cmd.Parameters.AddWithValue(liveness.Active.TotalSeconds);
        return await JobReader.ReadAllAsync(cmd, r => new Candidate(NodeId.FromTrusted(r.GetString(0)), r.GetInt64(1)), ct).ConfigureAwait(false);
    }

    public static Candidate? Choose(IReadOnlyList<Candidate> candidates, WorkerSelector selector, NodeId? exclude = null) =>
        candidates.Where(c => exclude is null || c.NodeId != exclude.Value).FirstOrDefault(c => selector switch
        {
            WorkerSelector.Exact e => c.NodeId == e.NodeId,
            WorkerSelector.Prefix p => c.NodeId.Value.StartsWith(p.Value, StringComparison.Ordinal),
            _ => true,
        });

    /// <summary>
    /// Schedules a job on the least-loaded matching worker. With an idempotency key, an active job with an equal
    /// descriptor (compared as parsed JSON) returns its id, a different one is a conflict, a finished one is rescheduled.
    /// </summary>
    public async Task<ScheduleOutcome> ScheduleAsync(JobDescriptor descriptor, WorkerSelector selector, string? idempotencyKey,
        int maxAttempts, LivenessThresholds liveness, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryScheduleAsync(descriptor, selector, idempotencyKey, maxAttempts, liveness, ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt == 0)
            {
                // Two requests with the same key raced; the second sees the first's job now.
            }
        }
    }

    private async Task<ScheduleOutcome> TryScheduleAsync(JobDescriptor descriptor, WorkerSelector selector, string? idempotencyKey,
        int maxAttempts, LivenessThresholds liveness, CancellationToken ct)
    {
        var json = descriptor.ToJson().ToJsonString();
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        JobId? existing = null;
        if (idempotencyKey is not null)
        {
            await using var find = new NpgsqlCommand(FindByKeySql, conn, tx);
            find.Parameters.AddWithValue(idempotencyKey);
            find.Parameters.Add(new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
            await using var reader = await find.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var id = new JobId(reader.GetInt64(0));
                var same = reader.GetBoolean(1);
                JobStatuses.TryParse(reader.GetString(2), out var status);
                if (!status.IsTerminal())
                    return same ? new ScheduleOutcome.Scheduled(id, null, Existing: true) : new ScheduleOutcome.ActiveConflict(id);
                existing = id;
            }
        }

        var target = Choose(await ListCandidatesAsync(conn, tx, liveness, ct).ConfigureAwait(false), selector);
        if (target is null)
            return new ScheduleOutcome.NoWorkers(selector);

        JobId jobId;
        if (existing is { } redeploy)
        {
            await using var cmd = new NpgsqlCommand(RedeploySql, conn, tx);
            cmd.Parameters.AddWithValue(redeploy.Value);
            cmd.Parameters.AddWithValue(target.NodeId.Value);
            cmd.Parameters.Add(new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            jobId = redeploy;
        }
        else
        {
            await using var insert = new NpgsqlCommand(InsertJobSql, conn, tx);
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)idempotencyKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.AddWithValue(target.NodeId.Value);
            insert.Parameters.Add(new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.AddWithValue(maxAttempts);
            jobId = new JobId((long)(await insert.ExecuteScalarAsync(ct).ConfigureAwait(false))!);
            await using var status = new NpgsqlCommand(InsertStatusSql, conn, tx);
            status.Parameters.AddWithValue(jobId.Value);
            status.Parameters.AddWithValue(target.NodeId.Value);
            await status.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var context = new JsonObject { ["reason"] = existing is null ? "new" : "redeploy", ["attempt"] = 1 };
        await AppendEventAsync(conn, tx, jobId, target.NodeId, null, JobStatus.Scheduled.ToWire(), descriptor.ToJson(), ct, context).ConfigureAwait(false);
        await NotifyAsync(conn, tx, new JobNotification(target.NodeId, jobId, JobAction.Start), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new ScheduleOutcome.Scheduled(jobId, target.NodeId, Existing: false);
    }

    /// <summary>SCHEDULED/RUNNING → STOP_REQUESTED and tells the worker. False when the job was not in those states.</summary>
    public async Task<bool> RequestStopAsync(JobId id, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(RequestStopSql, conn, tx);
        cmd.Parameters.AddWithValue(id.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            return false;
        var node = NodeId.FromTrusted(reader.GetString(0));
        Epoch? epoch = reader.IsDBNull(1) ? null : new Epoch(reader.GetInt64(1));
        await reader.DisposeAsync().ConfigureAwait(false);
        await AppendEventAsync(conn, tx, id, node, epoch, JobStatus.StopRequested.ToWire(), null, ct).ConfigureAwait(false);
        await NotifyAsync(conn, tx, new JobNotification(node, id, JobAction.Stop), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Moves a job the caller saw on (node, status, epoch) to <paramref name="target"/> as SCHEDULED with an event
    /// that says why. False when the job changed meanwhile.
    /// </summary>
    public async Task<bool> MoveAsync(JobId id, NodeId from, JobStatus seenStatus, Epoch? seenEpoch, NodeId target, bool countsAsAttempt,
        JsonObject why, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var move = new NpgsqlCommand(MoveSql, conn, tx))
        {
            AddAssignment(move, id, from, seenStatus, seenEpoch);
            move.Parameters.AddWithValue(target.Value);
            move.Parameters.AddWithValue(countsAsAttempt ? 1 : 0);
            if (await move.ExecuteScalarAsync(ct).ConfigureAwait(false) is not int attempts)
                return false;
            why["attempt"] = attempts;
        }
        JsonObject? descriptor;
        await using (var desc = new NpgsqlCommand(DescriptorSql, conn, tx))
        {
            desc.Parameters.AddWithValue(id.Value);
            descriptor = JobReader.Json((string?)await desc.ExecuteScalarAsync(ct).ConfigureAwait(false));
        }
        await AppendEventAsync(conn, tx, id, target, null, JobStatus.Scheduled.ToWire(), descriptor, ct, context: why).ConfigureAwait(false);
        await NotifyAsync(conn, tx, new JobNotification(target, id, JobAction.Start), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends a job for its worker when the worker cannot (it is gone): STOPPED or FATAL, compare-and-set.</summary>
    public async Task<bool> EndAsync(JobId id, NodeId node, JobStatus seenStatus, Epoch? seenEpoch, JobStatus to, JsonObject? detail, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var end = new NpgsqlCommand(EndSql, conn, tx))
        {
            AddAssignment(end, id, node, seenStatus, seenEpoch);
            end.Parameters.AddWithValue(to.ToWire());
            end.Parameters.Add(new NpgsqlParameter { Value = (object?)detail?.ToJsonString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
            if (await end.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                return false;
        }
        await AppendEventAsync(conn, tx, id, node, seenEpoch, to.ToWire(), detail, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static void AddAssignment(NpgsqlCommand cmd, JobId id, NodeId node, JobStatus status, Epoch? epoch)
    {
        cmd.Parameters.AddWithValue(id.Value);
        cmd.Parameters.AddWithValue(node.Value);
        cmd.Parameters.AddWithValue(status.ToWire());
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)epoch?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
    }

    /// <summary>Appends an event; a SCHEDULED event's detail is the descriptor and its <paramref name="context"/> says why.</summary>
    private static async Task AppendEventAsync(NpgsqlConnection conn, NpgsqlTransaction tx, JobId id, NodeId node, Epoch? epoch,
        string type, JsonObject? detail, CancellationToken ct, JsonObject? context = null)
    {
        await using var cmd = new NpgsqlCommand(EventSql, conn, tx);
        cmd.Parameters.AddWithValue(id.Value);
        cmd.Parameters.AddWithValue(node.Value);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)epoch?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.AddWithValue(type);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)detail?.ToJsonString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)context?.ToJsonString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task NotifyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, JobNotification notification, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(NotifySql, conn, tx);
        cmd.Parameters.AddWithValue(notification.ToJson());
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
