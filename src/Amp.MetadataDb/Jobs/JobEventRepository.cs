using Amp.MetadataDb.Connection;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Npgsql;

namespace Amp.MetadataDb.Jobs;

/// <summary>Reads of <c>job_events</c>, the append-only lifecycle log (written by the transitions).</summary>
public sealed class JobEventRepository(NpgsqlDataSource db)
{
    // The newest $2 events (all when null: LIMIT NULL), oldest first.
    private const string ListSql = """
        SELECT * FROM (
            SELECT id, job_id, created_at, node_id, event_type, epoch, detail::text, context::text
            FROM job_events WHERE job_id = $1 ORDER BY id DESC LIMIT $2) newest
        ORDER BY id
        """;

    private const string GetSql = """
        SELECT id, job_id, created_at, node_id, event_type, epoch, detail::text, context::text
        FROM job_events WHERE job_id = $1 AND id = $2
        """;

    /// <summary>The job's events, oldest first; only the newest <paramref name="newest"/> when set.</summary>
    public async Task<IReadOnlyList<JobEventRecord>> ListAsync(JobId jobId, int? newest, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ListSql, conn);
        cmd.Parameters.AddWithValue(jobId.Value);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)newest ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        return await JobReader.ReadAllAsync(cmd, Read, ct).ConfigureAwait(false);
    }

    public async Task<JobEventRecord?> GetAsync(JobId jobId, long eventId, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(GetSql, conn);
        cmd.Parameters.AddWithValue(jobId.Value);
        cmd.Parameters.AddWithValue(eventId);
        return (await JobReader.ReadAllAsync(cmd, Read, ct).ConfigureAwait(false)).FirstOrDefault();
    }

    private static JobEventRecord Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), new JobId(r.GetInt64(1)), r.GetDateTime(2), NodeId.FromTrusted(r.GetString(3)), r.GetString(4),
        r.IsDBNull(5) ? null : new Epoch(r.GetInt64(5)), r.IsDBNull(6) ? null : JobReader.Json(r.GetString(6)),
        r.IsDBNull(7) ? null : JobReader.Json(r.GetString(7)));
}
