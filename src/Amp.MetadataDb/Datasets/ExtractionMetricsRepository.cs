using Amp.MetadataDb.Connection;
using Npgsql;

namespace Amp.MetadataDb.Datasets;

/// <summary>
/// A table's active revision as the controller's extraction metrics see it: the dataset (<c>ns/name</c>), the kind
/// of the job that writes it, the registered files, their bytes and the blocks they cover, and the chain head that
/// job last reported while it is active (null before its first report and once it has ended: a bounded job that
/// ended below the head is not lagging).
/// </summary>
public sealed record WrittenTableTotals(string Dataset, string Table, string Kind, LocationId Location, long Files, long Bytes, long Blocks, long? ChainHead);

/// <summary>What the extraction metrics read, at scrape time, from <c>physical_tables</c>, <c>file_metadata</c> and the writer's job.</summary>
public sealed class ExtractionMetricsRepository(NpgsqlDataSource db)
{
    // One row per active revision. A raw file's nozzle_metadata has one range; blocks = end - start + 1 summed over
    // the files (a reorg's re-extracted blocks count again: they were written again).
    private const string TotalsSql = """
        SELECT t.dataset_namespace || '/' || t.dataset_name, t.table_name, COALESCE(j.descriptor ->> 'kind', 'unknown'), r.id,
               count(f.id), COALESCE(sum(f.object_size), 0)::bigint,
               COALESCE(sum((f.metadata -> 'ranges' -> 0 -> 'numbers' ->> 'end')::bigint
                          - (f.metadata -> 'ranges' -> 0 -> 'numbers' ->> 'start')::bigint + 1), 0)::bigint,
               CASE WHEN s.status IN ('SCHEDULED', 'RUNNING') THEN (s.progress ->> 'chain_head')::bigint END
        FROM physical_tables t
        JOIN physical_table_revisions r ON r.id = t.active_revision_id
        LEFT JOIN jobs j ON j.id = r.writer
        LEFT JOIN jobs_status s ON s.job_id = r.writer
        LEFT JOIN file_metadata f ON f.location_id = r.id
        GROUP BY 1, 2, 3, 4, 8
        ORDER BY 1, 2
        """;

    public async Task<IReadOnlyList<WrittenTableTotals>> ActiveTablesAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = Rows.Command(TotalsSql, conn, null);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var tables = new List<WrittenTableTotals>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            tables.Add(new WrittenTableTotals(reader.GetString(0), reader.GetString(1), reader.GetString(2), new LocationId(reader.GetInt64(3)),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetInt64(7)));
        return tables;
    }
}
