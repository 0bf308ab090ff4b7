using Amp.MetadataDb.Connection;
using Npgsql;

namespace Amp.MetadataDb.Jobs;

/// <summary>What the controller's job metrics read, at scrape time, from <c>jobs_status</c> and <c>job_events</c>.</summary>
public sealed class JobMetricsRepository(NpgsqlDataSource db)
{
    /// <summary>How many events one scrape reads at most; a long history is caught up over several scrapes.</summary>
    public const int EventBatch = 5000;

    private const string CountsSql = "SELECT status, count(*) FROM jobs_status GROUP BY status";

    private const string BacklogSql = """
        SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(updated_at)), 0)::float8
        FROM jobs_status WHERE status = 'SCHEDULED'
        """;

    // Each new event with its job's kind, why it was scheduled, and for RUNNING the time since the job was last
    // scheduled (dispatch latency), for an end the time since it last started running (run duration).
    private const string EventsSql = """
        SELECT e.id, COALESCE(j.descriptor ->> 'kind', 'unknown'), e.event_type, e.context ->> 'reason',
               CASE WHEN e.event_type = 'RUNNING' THEN EXTRACT(EPOCH FROM e.created_at - prev.scheduled_at)::float8 END,
               CASE WHEN e.event_type IN ('COMPLETED', 'STOPPED', 'ERROR', 'FATAL') THEN EXTRACT(EPOCH FROM e.created_at - prev.running_at)::float8 END
        FROM job_events e
        JOIN jobs j ON j.id = e.job_id
        LEFT JOIN LATERAL (
            SELECT max(p.created_at) FILTER (WHERE p.event_type = 'SCHEDULED') AS scheduled_at,
                   max(p.created_at) FILTER (WHERE p.event_type = 'RUNNING') AS running_at
            FROM job_events p WHERE p.job_id = e.job_id AND p.id < e.id
        ) prev ON e.event_type <> 'SCHEDULED'
        WHERE e.id > $1
        ORDER BY e.id
        LIMIT $2
        """;

    /// <summary>Jobs per status (wire names).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(CountsSql, conn);
        var rows = await JobReader.ReadAllAsync(cmd, r => (r.GetString(0), r.GetInt64(1)), ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    /// <summary>SCHEDULED jobs and the age of the oldest, by the database clock (0 when there are none).</summary>
    public async Task<(long Count, double OldestAgeSeconds)> BacklogAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(BacklogSql, conn);
        var rows = await JobReader.ReadAllAsync(cmd, r => (r.GetInt64(0), r.GetDouble(1)), ct).ConfigureAwait(false);
        return rows[0];
    }

    /// <summary>Events after <paramref name="afterId"/>, oldest first, at most <see cref="EventBatch"/>.</summary>
    public async Task<IReadOnlyList<JobMetricEvent>> EventsAfterAsync(long afterId, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(EventsSql, conn);
        cmd.Parameters.AddWithValue(afterId);
        cmd.Parameters.AddWithValue(EventBatch);
        return await JobReader.ReadAllAsync(cmd, r => new JobMetricEvent(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetDouble(5)), ct).ConfigureAwait(false);
    }
}

/// <summary>One job event as the metrics see it.</summary>
/// <param name="Reason">Why a SCHEDULED event happened (<c>new</c>, <c>retry</c>, <c>failover</c>, …); null otherwise.</param>
/// <param name="DispatchSeconds">For RUNNING: seconds since the job was last scheduled.</param>
/// <param name="RunSeconds">For COMPLETED, STOPPED, ERROR, FATAL: seconds since the job last started running.</param>
public sealed record JobMetricEvent(long Id, string Kind, string EventType, string? Reason, double? DispatchSeconds, double? RunSeconds);
