using Amp.MetadataDb.Connection;
using Amp.Core.Jobs;
using Amp.DataStore.Parquet;
using Npgsql;

namespace Amp.MetadataDb.Datasets;

/// <summary>Amp's <c>location_id</c>: the id of a <c>physical_table_revisions</c> row.</summary>
public readonly record struct LocationId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The active revision of one table of a dataset version: its id and its directory.</summary>
public sealed record ActiveRevision(LocationId Id, TableRevisionPath Path, bool Created);

/// <summary>A table whose active revision a job writes (Amp's "revision locked by the job").</summary>
public sealed record WrittenTable(string Table, LocationId Location);

/// <summary>
/// The <c>physical_tables</c> and <c>physical_table_revisions</c> tables (reference §5.1): a retry or redeploy of a
/// dataset version reuses the table's active revision; the first run creates a UUIDv7 revision and makes it active,
/// in one transaction. The revision's <c>writer</c> is the job that fills it.
/// </summary>
public sealed class PhysicalTableRepository(NpgsqlDataSource db)
{
    // Serialises two jobs (or two tables of one dataset racing) creating the same table's first revision.
    internal const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended('amp-physical-table:' || $1 || '/' || $2 || '@' || $3 || '.' || $4, 0))";

    private const string ActiveSql = """
        SELECT r.id, r.path FROM physical_tables t JOIN physical_table_revisions r ON r.id = t.active_revision_id
        WHERE t.dataset_namespace = $1 AND t.dataset_name = $2 AND t.manifest_hash = $3 AND t.table_name = $4
        """;

    private const string SetWriterSql = "UPDATE physical_table_revisions SET writer = $2, updated_at = now() WHERE id = $1";

    private const string InsertRevisionSql = "INSERT INTO physical_table_revisions (path, writer, metadata) VALUES ($1, $2, $3::jsonb) RETURNING id";

    private const string UpsertTableSql = """
        INSERT INTO physical_tables (dataset_namespace, dataset_name, manifest_hash, table_name, active_revision_id)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (dataset_namespace, dataset_name, manifest_hash, table_name)
        DO UPDATE SET active_revision_id = EXCLUDED.active_revision_id, updated_at = now()
        """;

    private const string WrittenBySql = """
        SELECT t.table_name, r.id FROM physical_tables t JOIN physical_table_revisions r ON r.id = t.active_revision_id
        WHERE r.writer = $1 ORDER BY t.table_name
        """;

    /// <summary>The tables whose active revision <paramref name="writer"/> writes, by name.</summary>
    public async Task<IReadOnlyList<WrittenTable>> ListWrittenByAsync(JobId writer, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = Rows.Command(WrittenBySql, conn, null, writer.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var tables = new List<WrittenTable>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            tables.Add(new WrittenTable(reader.GetString(0), new LocationId(reader.GetInt64(1))));
        return tables;
    }

    /// <summary>The table's active revision with <paramref name="writer"/> as its writer, created when there is none.</summary>
    public async Task<ActiveRevision> GetOrCreateActiveAsync(string @namespace, string name, string manifestHash, string table,
        JobId writer, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var lockCmd = Rows.Command(LockSql, conn, tx, @namespace, name, manifestHash, table))
            await lockCmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);

        ActiveRevision? found = null;
        await using (var active = Rows.Command(ActiveSql, conn, tx, @namespace, name, manifestHash, table))
        await using (var reader = await active.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
                found = new ActiveRevision(new LocationId(reader.GetInt64(0)), ParsePath(reader.GetString(1)), Created: false);
        }

        if (found is not null)
        {
            await using var set = Rows.Command(SetWriterSql, conn, tx, found.Id.Value, writer.Value);
            await set.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        else
        {
            var path = TableRevisionPath.NewRevision(@namespace, name, table);
            await using var insert = Rows.Command(InsertRevisionSql, conn, tx, path.Directory, writer.Value,
                new RevisionOwner(@namespace, name, manifestHash, table).ToJson());
            var id = new LocationId((long)(await insert.ExecuteScalarAsync(ct).ConfigureAwait(false))!);
            await using var upsert = Rows.Command(UpsertTableSql, conn, tx, @namespace, name, manifestHash, table, id.Value);
            await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            found = new ActiveRevision(id, path, Created: true);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return found;
    }

    /// <summary>The active revision of a table, or null when the table was never materialised.</summary>
    public async Task<ActiveRevision?> FindActiveAsync(string @namespace, string name, string manifestHash, string table, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = Rows.Command(ActiveSql, conn, null, @namespace, name, manifestHash, table);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? new ActiveRevision(new LocationId(reader.GetInt64(0)), ParsePath(reader.GetString(1)), Created: false)
            : null;
    }

    private static TableRevisionPath ParsePath(string path) =>
        TableRevisionPath.TryParse(path, out var parsed, out var error)
            ? parsed
            : throw new InvalidOperationException($"physical_table_revisions.path '{path}' is not a table revision path: {error}");
}
