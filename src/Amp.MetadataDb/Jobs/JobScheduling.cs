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

/// <summary>One job to schedule: what to run, where it may run, its idempotency key and how often it may be tried.</summary>
public sealed record JobRequest(JobDescriptor Descriptor, WorkerSelector Selector, string? IdempotencyKey, int MaxAttempts);

/// <summary>The outcome of scheduling a batch: every job, or the first request that was refused and why.</summary>
public abstract record BatchOutcome
{
    private BatchOutcome() { }
    public sealed record Scheduled(IReadOnlyList<ScheduleOutcome.Scheduled> Jobs) : BatchOutcome;
    public sealed record Refused(int Index, ScheduleOutcome Reason) : BatchOutcome;
}

/// <summary>
/// The controller's writes to job state: scheduling, stop requests, failover, retries. Every change of a job,
/// its event and its <c>pg_notify('job_actions', …)</c> commit in one transaction.
/// </summary>
public sealed class JobScheduling(NpgsqlDataSource db, HeldNodeLocks? heldLocks = null)
{
    private readonly HeldNodeLocks _held = heldLocks ?? new HeldNodeLocks(TimeSpan.FromMilliseconds(100));

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

    // The same rule as CandidatesSql without pg_locks: each worker's current incarnation with its lock key and session.
    private const string EligibleSql = """
        SELECT w.node_id, hashtextextended(w.node_id, 0), li.backend_pid, li.started_at,
               (SELECT count(*) FROM jobs_status js
                 WHERE js.node_id = w.node_id AND js.status IN ('SCHEDULED', 'RUNNING', 'STOP_REQUESTED', 'STOPPING')) AS load
        FROM workers w
        JOIN worker_incarnations li ON li.node_id = w.node_id AND li.epoch = w.epoch AND li.ended_at IS NULL
        WHERE w.retired_at IS NULL AND w.draining_since IS NULL
          AND w.heartbeat_at >= now() - make_interval(secs => $1)
        ORDER BY load, w.node_id
        """;

    private const string FindByKeysSql = """
        SELECT k.idx, j.id, j.descriptor = k.descriptor, js.status
        FROM unnest($1::int[], $2::text[], $3::jsonb[]) AS k(idx, key, descriptor)
        JOIN jobs j ON j.idempotency_key = k.key
        JOIN jobs_status js ON js.job_id = j.id
        ORDER BY j.id
        FOR NO KEY UPDATE OF j, js
        """;

    // New jobs, their status rows and SCHEDULED events in one statement (foreign keys are checked at its end),
    // ids in request order, and the request's one notification: $5, or for a single job Amp's START with its id.
    private const string InsertManySql = $"""
        WITH input AS MATERIALIZED (
            SELECT nextval(pg_get_serial_sequence('jobs', 'id')) AS id, t.*
            FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::int[]) WITH ORDINALITY AS t(idempotency_key, node_id, descriptor, max_attempts, ord)
        ),
        j AS (
            INSERT INTO jobs (id, idempotency_key, node_id, descriptor, max_attempts) OVERRIDING SYSTEM VALUE
            SELECT id, COALESCE(idempotency_key, 'auto:' || gen_random_uuid()::text), node_id, descriptor, max_attempts FROM input ORDER BY ord
        ),
        s AS (
            INSERT INTO jobs_status (job_id, node_id, status, attempts) SELECT id, node_id, 'SCHEDULED', 1 FROM input ORDER BY ord
        ),
        e AS (
            INSERT INTO job_events (job_id, node_id, epoch, event_type, detail, context)
            SELECT id, node_id, NULL, 'SCHEDULED', descriptor, jsonb_build_object('reason', 'new', 'attempt', 1) FROM input ORDER BY ord
        )
        SELECT array_agg(id ORDER BY ord),
               (SELECT pg_notify('{JobNotification.Channel}', COALESCE($5,
                    (SELECT jsonb_build_object('node_id', node_id, 'payload', jsonb_build_object('job_id', id, 'action', 'START'))::text FROM input LIMIT 1))))
        FROM input
        """;

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
        int maxAttempts, LivenessThresholds liveness, CancellationToken ct) =>
        await ScheduleManyAsync([new JobRequest(descriptor, selector, idempotencyKey, maxAttempts)], liveness, ct).ConfigureAwait(false) switch
        {
            BatchOutcome.Scheduled s => s.Jobs[0],
            BatchOutcome.Refused r => r.Reason,
            _ => throw new InvalidOperationException("unknown batch outcome"),
        };

    /// <summary>
    /// Schedules every request in one transaction with at most one <c>pg_notify</c>: all of them, or none when one
    /// is refused (no matching worker, or an active job with its key and another descriptor). Each request goes
    /// to the least-loaded matching worker, counting the jobs of the batch already placed. Keys work as in
    /// <see cref="ScheduleAsync"/>; the caller makes sure no key appears twice.
    /// </summary>
    public async Task<BatchOutcome> ScheduleManyAsync(IReadOnlyList<JobRequest> requests, LivenessThresholds liveness, CancellationToken ct)
    {
        if (requests.Count == 0)
            return new BatchOutcome.Scheduled([]);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryScheduleManyAsync(requests, liveness, ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt == 0)
            {
                // Two requests with the same key raced; the second sees the first's job now.
            }
        }
    }

    private async Task<BatchOutcome> TryScheduleManyAsync(IReadOnlyList<JobRequest> requests, LivenessThresholds liveness, CancellationToken ct)
    {
        var n = requests.Count;
        var json = requests.Select(r => r.Descriptor.ToJson().ToJsonString()).ToArray();
        var keyed = requests.Any(r => r.IdempotencyKey is not null);
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        // Without keys nothing is read that the write depends on: the write is one statement, its own transaction.
        await using var tx = keyed ? await conn.BeginTransactionAsync(ct).ConfigureAwait(false) : null;

        var found = keyed ? await FindByKeysAsync(conn, tx!, requests, json, ct).ConfigureAwait(false) : [];
        var results = new ScheduleOutcome.Scheduled?[n];
        foreach (var (index, (id, same, status)) in found)
        {
            if (status.IsTerminal())
                continue;
            if (!same)
                return new BatchOutcome.Refused(index, new ScheduleOutcome.ActiveConflict(id));
            results[index] = new ScheduleOutcome.Scheduled(id, null, Existing: true);
        }

        var candidates = await ListLiveCandidatesAsync(conn, tx, liveness, ct).ConfigureAwait(false);
        var targets = new NodeId[n];
        for (var i = 0; i < n; i++)
        {
            if (results[i] is not null)
                continue;
            if (PickLeastLoaded(candidates, requests[i].Selector) is not { } slot)
                return new BatchOutcome.Refused(i, new ScheduleOutcome.NoWorkers(requests[i].Selector));
            targets[i] = slot.NodeId;
            candidates[slot.Index] = slot with { Load = slot.Load + 1 };
        }

        var fresh = Enumerable.Range(0, n).Where(i => results[i] is null && !found.ContainsKey(i)).ToArray();
        var redeploys = Enumerable.Range(0, n).Where(i => results[i] is null && found.ContainsKey(i)).ToArray();
        var started = new List<(JobId Id, NodeId Node)>();
        foreach (var i in redeploys)
        {
            var jobId = found[i].Id;
            await using (var cmd = new NpgsqlCommand(RedeploySql, conn, tx))
            {
                cmd.Parameters.AddWithValue(jobId.Value);
                cmd.Parameters.AddWithValue(targets[i].Value);
                cmd.Parameters.Add(new NpgsqlParameter { Value = json[i], NpgsqlDbType = NpgsqlDbType.Jsonb });
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            var context = new JsonObject { ["reason"] = "redeploy", ["attempt"] = 1 };
            await AppendEventAsync(conn, tx!, jobId, targets[i], null, JobStatus.Scheduled.ToWire(), requests[i].Descriptor.ToJson(), ct, context).ConfigureAwait(false);
            results[i] = new ScheduleOutcome.Scheduled(jobId, targets[i], Existing: false);
            started.Add((jobId, targets[i]));
        }

        // One notification for the whole request: Amp's START for a single job, else one that names the workers.
        var total = started.Count + fresh.Length;
        string? payload = total switch
        {
            0 => null,
            1 when started.Count == 1 => new JobNotification(started[0].Node, started[0].Id, JobAction.Start).ToJson(),
            1 => null, // the single new job's START is built in SQL, where its id is known
            _ => JobNotification.StartScheduled(started.Select(s => s.Node).Concat(fresh.Select(i => targets[i]))),
        };
        if (fresh.Length > 0)
        {
            await using var insert = new NpgsqlCommand(InsertManySql, conn, tx);
            insert.Parameters.Add(new NpgsqlParameter { Value = fresh.Select(i => (object?)requests[i].IdempotencyKey ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = fresh.Select(i => targets[i].Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = fresh.Select(i => json[i]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            insert.Parameters.Add(new NpgsqlParameter { Value = fresh.Select(i => requests[i].MaxAttempts).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)payload ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            var ids = (long[])(await insert.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            for (var k = 0; k < fresh.Length; k++)
                results[fresh[k]] = new ScheduleOutcome.Scheduled(new JobId(ids[k]), targets[fresh[k]], Existing: false);
        }
        else if (payload is not null)
        {
            await using var notify = new NpgsqlCommand(NotifySql, conn, tx);
            notify.Parameters.AddWithValue(payload);
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        if (tx is not null)
            await tx.CommitAsync(ct).ConfigureAwait(false);
        return new BatchOutcome.Scheduled(results.Select(r => r!).ToArray());
    }

    private static async Task<Dictionary<int, (JobId Id, bool Same, JobStatus Status)>> FindByKeysAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<JobRequest> requests, string[] json, CancellationToken ct)
    {
        var indexes = Enumerable.Range(0, requests.Count).Where(i => requests[i].IdempotencyKey is not null).ToArray();
        await using var find = new NpgsqlCommand(FindByKeysSql, conn, tx);
        find.Parameters.AddWithValue(indexes);
        find.Parameters.AddWithValue(indexes.Select(i => requests[i].IdempotencyKey!).ToArray());
        find.Parameters.Add(new NpgsqlParameter { Value = indexes.Select(i => json[i]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        var found = new Dictionary<int, (JobId, bool, JobStatus)>();
        await using var reader = await find.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            JobStatuses.TryParse(reader.GetString(3), out var status);
            found[reader.GetInt32(0)] = (new JobId(reader.GetInt64(1)), reader.GetBoolean(2), status);
        }
        return found;
    }

    /// <summary>
    /// The active, non-draining, non-retired workers with their load, least loaded first, by the same rule as
    /// <see cref="ListCandidatesAsync"/> but with the lock holders from <see cref="HeldNodeLocks"/> (read at most
    /// once per its max age) instead of reading <c>pg_locks</c> per request.
    /// </summary>
    public async Task<List<Slot>> ListLiveCandidatesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, LivenessThresholds liveness, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(EligibleSql, conn, tx);
        cmd.Parameters.AddWithValue(liveness.Active.TotalSeconds);
        var eligible = await JobReader.ReadAllAsync(cmd, r => (Node: NodeId.FromTrusted(r.GetString(0)), Key: r.GetInt64(1), Pid: r.GetInt32(2),
            Started: r.GetDateTime(3), Load: r.GetInt64(4)), ct).ConfigureAwait(false);
        if (eligible.Count == 0)
            return [];
        var newest = eligible.Max(e => e.Started);
        var held = await _held.GetAsync(conn, tx, newest, ct).ConfigureAwait(false);
        return eligible.Where(e => held.Holds(e.Key, e.Pid)).Select((e, i) => new Slot(i, e.Node, e.Load)).ToList();
    }

    /// <summary>
    /// Runs the scheduling path's reads and its parameter and result types once without writing anything, so the
    /// first <c>POST /jobs</c> does not pay for compiling them (seconds on a busy machine, past a request deadline).
    /// </summary>
    public async Task WarmUpAsync(LivenessThresholds liveness, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        _ = await ListLiveCandidatesAsync(conn, null, liveness, ct).ConfigureAwait(false);
        _held.Invalidate();
        _ = await _held.GetAsync(conn, null, null, ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT array_length($1::text[], 1), array_length($2::text[], 1), array_length($3::jsonb[], 1), array_length($4::int[], 1), $5::text, array_length($6::int[], 1)", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = new object?[] { DBNull.Value }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = new[] { "w" }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = new[] { "{}" }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = new[] { 1 }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(new[] { 1 });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using var ids = new NpgsqlCommand("SELECT ARRAY[1::bigint]", conn);
        _ = (long[])(await ids.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>A candidate during one batch: its position in the list and its load so far.</summary>
    public sealed record Slot(int Index, NodeId NodeId, long Load);

    private static Slot? PickLeastLoaded(List<Slot> slots, WorkerSelector selector)
    {
        Slot? best = null;
        foreach (var s in slots)
        {
            var matches = selector switch
            {
                WorkerSelector.Exact e => s.NodeId == e.NodeId,
                WorkerSelector.Prefix p => s.NodeId.Value.StartsWith(p.Value, StringComparison.Ordinal),
                _ => true,
            };
            if (matches && (best is null || s.Load < best.Load || (s.Load == best.Load && string.CompareOrdinal(s.NodeId.Value, best.NodeId.Value) < 0)))
                best = s;
        }
        return best;
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
