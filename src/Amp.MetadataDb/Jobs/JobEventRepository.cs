using Amp.MetadataDb.Connection;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Npgsql;

namespace Amp.MetadataDb.Jobs;

/// <summary>Reads of <c>job_events</c>, the append-only lifecycle log (written by the transitions).</summary>
public sealed class JobEventRepository(NpgsqlDataSource db)
{
    private const string ListSql = """
        SELECT id, job_id, created_at, node_id, event_type, epoch, detail::text, context::text
        FROM job_events WHERE job_id = $1 ORDER BY id
        """;

    private const string GetSql = """
        SELECT id, job_id, created_at, node_id, event_type, epoch, detail::text, context::text
        FROM job_events WHERE job_id = $1 AND id = $2
        """;

    public async Task<IReadOnlyList<JobEventRecord>> ListAsync(JobId jobId, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ListSql, conn);
        cmd.Parameters.AddWithValue(jobId.Value);
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
