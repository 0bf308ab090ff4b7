using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.DataStore.Parquet;
using Amp.DataStore.Restore;
using Amp.MetadataDb.Connection;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Datasets;

/// <summary>The revisions of one table found in storage, to register; <see cref="UrlOf"/> gives a revision directory's URL.</summary>
public sealed record TableRestorePlan(string Table, IReadOnlyList<ScannedRevision> Revisions, Func<TableRevisionPath, string> UrlOf);

/// <summary>What restore did for one revision directory.</summary>
public sealed record RestoredRevision(LocationId Id, TableRevisionPath Path, string Url, int FilesFound, int FilesRegistered, IReadOnlyList<SkippedObject> Skipped);

/// <summary>What restore did for one table: its revisions and the one that is active now.</summary>
public sealed record RestoredTable(string Table, IReadOnlyList<RestoredRevision> Revisions, RestoredRevision? Active);

/// <summary>A job that writes (or is about to write) the dataset, so restore must not run now.</summary>
public sealed record WriterBusy(JobId Job, JobStatus Status);

/// <summary>
/// Registers files found in storage (restore, reference amp-datasets-api.md §13) in one transaction per request:
/// revisions by path (an existing path keeps its id), files with <c>ON CONFLICT DO NOTHING</c> (so a second restore
/// adds nothing and a registered file keeps its row and id), footers for new files only, and, for a dataset restore,
/// the active revision. Fenced against writers: the transaction takes the same per-table advisory lock as a job that
/// starts writing a table, and refuses while any job of the dataset version (or the revision's writer) is SCHEDULED,
/// RUNNING, STOP_REQUESTED or STOPPING. A job that starts after the check waits for the lock and then sees the
/// restored files. Announces each touched revision on <c>change-tracking</c>.
/// </summary>
public sealed class TableRestoreRepository(NpgsqlDataSource db)
{
    private const string BusySql = """
        SELECT j.id, js.status FROM jobs j JOIN jobs_status js ON js.job_id = j.id
        WHERE (j.descriptor @> $1 OR j.id = ANY($2)) AND js.status IN ('SCHEDULED', 'RUNNING', 'STOP_REQUESTED', 'STOPPING')
        ORDER BY j.id LIMIT 1
        FOR SHARE OF js
        """;

    private const string WritersSql = "SELECT writer FROM physical_table_revisions WHERE path = ANY($1) AND writer IS NOT NULL";

    private const string ActiveSql = """
        SELECT active_revision_id FROM physical_tables
        WHERE dataset_namespace = $1 AND dataset_name = $2 AND manifest_hash = $3 AND table_name = $4
        """;

    private const string InsertFileSql = """
        INSERT INTO file_metadata (location_id, url, file_name, object_size, object_e_tag, metadata)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (location_id, file_name) DO NOTHING
        RETURNING id
        """;

    private const string InsertFooterSql = "INSERT INTO footer_cache (file_id, footer) VALUES ($1, $2) ON CONFLICT (file_id) DO NOTHING";

    /// <summary>
    /// Registers every scanned revision of every table of the dataset version and its files, and makes one revision
    /// per table active: the table's active revision when it is among those found, else the last found (the newest
    /// UUIDv7, Amp's rule). Null busy means done; otherwise nothing changed.
    /// </summary>
    public async Task<(IReadOnlyList<RestoredTable>? Tables, WriterBusy? Busy)> RestoreTablesAsync(
        string @namespace, string name, string manifestHash, IReadOnlyList<TableRestorePlan> tables, bool activate, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var table in tables.OrderBy(t => t.Table, StringComparer.Ordinal))
        {
            await using var lockCmd = Rows.Command(PhysicalTableRepository.LockSql, conn, tx, @namespace, name, manifestHash, table.Table);
            await lockCmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var paths = tables.SelectMany(t => t.Revisions).Select(r => r.Path.Directory).ToArray();
        if (await FindBusyAsync(conn, tx, @namespace, name, manifestHash, paths, ct).ConfigureAwait(false) is { } busy)
            return (null, busy);

        var restored = new List<RestoredTable>();
        foreach (var table in tables)
        {
            var owner = new RevisionOwner(@namespace, name, manifestHash, table.Table);
            var revisions = new List<RestoredRevision>();
            foreach (var revision in table.Revisions)
                revisions.Add(await RegisterRevisionAsync(conn, tx, owner, revision, table.UrlOf(revision.Path), ct).ConfigureAwait(false));

            RestoredRevision? active = null;
            if (activate && revisions.Count > 0)
            {
                long? current;
                await using (var get = Rows.Command(ActiveSql, conn, tx, @namespace, name, manifestHash, table.Table))
                    current = await get.ExecuteScalarAsync(ct).ConfigureAwait(false) as long?;
                active = revisions.FirstOrDefault(r => r.Id.Value == current) ?? revisions[^1];
                await using var set = Rows.Command(TableRevisionRepository.UpsertActiveSql, conn, tx, @namespace, name, manifestHash, table.Table, active.Id.Value);
                await set.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            restored.Add(new RestoredTable(table.Table, revisions, active));
        }
        foreach (var id in restored.SelectMany(t => t.Revisions).Select(r => r.Id).Distinct())
        {
            await using var notify = Rows.Command(FileMetadataRepository.NotifySql, conn, tx, id.ToString());
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (restored, null);
    }

    /// <summary>Registers the files of one existing revision (Amp's R5); the revision's table and activity are unchanged.</summary>
    public async Task<(RestoredRevision? Revision, WriterBusy? Busy)> RestoreRevisionAsync(
        RevisionOwner owner, ScannedRevision revision, string url, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var lockCmd = Rows.Command(PhysicalTableRepository.LockSql, conn, tx, owner.Namespace, owner.Name, owner.ManifestHash, owner.Table))
            await lockCmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        if (await FindBusyAsync(conn, tx, owner.Namespace, owner.Name, owner.ManifestHash, [revision.Path.Directory], ct).ConfigureAwait(false) is { } busy)
            return (null, busy);
        var restored = await RegisterRevisionAsync(conn, tx, owner, revision, url, ct).ConfigureAwait(false);
        await using (var notify = Rows.Command(FileMetadataRepository.NotifySql, conn, tx, restored.Id.ToString()))
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (restored, null);
    }

    private static async Task<WriterBusy?> FindBusyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string @namespace, string name, string manifestHash,
        string[] paths, CancellationToken ct)
    {
        var writers = new List<long>();
        await using (var w = Rows.Command(WritersSql, conn, tx, (object)paths))
        await using (var reader = await w.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                writers.Add(reader.GetInt64(0));
        }
        var match = new JsonObject
        {
            ["kind"] = MaterializeRawDescriptor.KindName,
            ["dataset_namespace"] = @namespace,
            ["dataset_name"] = name,
            ["manifest_hash"] = manifestHash,
        };
        await using var cmd = Rows.Command(BusySql, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = match.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = writers.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await using var busy = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await busy.ReadAsync(ct).ConfigureAwait(false))
            return null;
        JobStatuses.TryParse(busy.GetString(1), out var status);
        return new WriterBusy(new JobId(busy.GetInt64(0)), status);
    }

    private static async Task<RestoredRevision> RegisterRevisionAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RevisionOwner owner,
        ScannedRevision revision, string url, CancellationToken ct)
    {
        var id = await TableRevisionRepository.RegisterAsync(conn, tx, revision.Path.Directory, owner, ct).ConfigureAwait(false);
        var registered = 0;
        // In the order the writer committed them (created_at), so new ids keep the writer's relative order: the chain's last tie-break.
        foreach (var file in revision.Files.OrderBy(f => f.Footer.Meta.CreatedAt.Seconds).ThenBy(f => f.Footer.Meta.CreatedAt.Nanos)
                     .ThenBy(f => f.FileName.Value, StringComparer.Ordinal))
        {
            long? fileId;
            await using (var insert = Rows.Command(InsertFileSql, conn, tx, id.Value, url, file.FileName.Value, file.Object.Size,
                             (object?)file.Object.ETag ?? DBNull.Value))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = ParquetMetaJson.Serialize(file.Footer.Meta), NpgsqlDbType = NpgsqlDbType.Jsonb });
                fileId = await insert.ExecuteScalarAsync(ct).ConfigureAwait(false) as long?;
            }
            if (fileId is null)
                continue;
            registered++;
            await using var footer = Rows.Command(InsertFooterSql, conn, tx, fileId.Value, file.Footer.Footer);
            await footer.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return new RestoredRevision(id, revision.Path, url, revision.Files.Count, registered, revision.Skipped);
    }
}
