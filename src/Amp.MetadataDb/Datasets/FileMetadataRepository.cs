using Amp.MetadataDb.Connection;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Amp.DataStore.Parquet;
using Amp.DataStore.Parquet.Writing;
using Amp.DataStore.Segments;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Datasets;

/// <summary>Who may commit a file: the job, and the node and incarnation that claimed it.</summary>
public readonly record struct CommitFence(JobId Job, NodeId Node, Epoch Epoch)
{
    public override string ToString() => $"job {Job} on {Node} epoch {Epoch}";
}

/// <summary>A registered file of a revision: its segment and its name in storage.</summary>
public sealed record RegisteredFile(Segment Segment, string FileName);

/// <summary>
/// The <c>file_metadata</c> and <c>footer_cache</c> tables. A closed segment is registered with its footer in one
/// transaction that first locks the job's <c>jobs_status</c> row and checks it still belongs to the committing node and
/// epoch (and that epoch is the node's current one): a zombie's file is never registered (DESIGN.md §9). Each commit
/// notifies <c>change-tracking</c> with the revision's location id, as Amp.
/// </summary>
public sealed class FileMetadataRepository(NpgsqlDataSource db)
{
    public const string ChangeTrackingChannel = "change-tracking";

    private const string FenceSql = """
        SELECT 1 FROM jobs_status js JOIN workers w ON w.node_id = js.node_id AND w.epoch = js.epoch
        WHERE js.job_id = $1 AND js.node_id = $2 AND js.epoch = $3 AND js.status IN ('RUNNING', 'STOP_REQUESTED', 'STOPPING')
        FOR UPDATE OF js FOR SHARE OF w
        """;

    private const string InsertFileSql = """
        INSERT INTO file_metadata (location_id, url, file_name, object_size, object_e_tag, metadata)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
        """;

    private const string InsertFooterSql = "INSERT INTO footer_cache (file_id, footer) VALUES ($1, $2)";

    internal const string NotifySql = "SELECT pg_notify('change-tracking', $1)";

    private const string GetSql = """
        SELECT id, location_id, file_name, url, object_size, object_e_tag, object_version, metadata::text FROM file_metadata WHERE id = $1
        """;

    private const string ListSql = """
        SELECT id, file_name, coalesce(object_size, 0), metadata::text FROM file_metadata WHERE location_id = $1 ORDER BY id
        """;

    /// <summary>
    /// Registers a closed segment of revision <paramref name="location"/> (at <paramref name="url"/>, the revision
    /// directory's URL) when <paramref name="fence"/> still holds; returns its id, or null when the job is no longer
    /// this node's and epoch's (nothing is written).
    /// </summary>
    public async Task<FileId?> RegisterAsync(LocationId location, string url, WrittenSegment segment, CommitFence fence, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var check = Rows.Command(FenceSql, conn, tx, fence.Job.Value, fence.Node.Value, fence.Epoch.Value))
        {
            if (await check.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
            {
                await tx.RollbackAsync(ct).ConfigureAwait(false);
                return null;
            }
        }

        long id;
        await using (var insert = Rows.Command(InsertFileSql, conn, tx, location.Value, url, segment.FileName.Value, segment.SizeBytes,
                         (object?)segment.Object.ETag ?? DBNull.Value))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = ParquetMetaJson.Serialize(segment.Meta), NpgsqlDbType = NpgsqlDbType.Jsonb });
            id = (long)(await insert.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }
        await using (var footer = Rows.Command(InsertFooterSql, conn, tx, id, segment.Footer))
            await footer.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using (var notify = Rows.Command(NotifySql, conn, tx, location.ToString()))
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new FileId(id);
    }

    /// <summary>Every registered file of a revision as a segment (its ranges from the stored <c>nozzle_metadata</c>).</summary>
    public async Task<IReadOnlyList<RegisteredFile>> ListAsync(LocationId location, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = Rows.Command(ListSql, conn, null, location.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var files = new List<RegisteredFile>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var meta = ParquetMetaJson.Parse(reader.GetString(3));
            files.Add(new RegisteredFile(meta.ToSegment(new FileId(reader.GetInt64(0)), reader.GetInt64(2)), reader.GetString(1)));
        }
        return files;
    }

    /// <summary>One registered file, or null.</summary>
    public async Task<FileRow?> GetAsync(FileId id, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var cmd = Rows.Command(GetSql, conn, null, id.Value);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            return null;
        return new FileRow(new FileId(reader.GetInt64(0)), new LocationId(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7));
    }
}

/// <summary>A <c>file_metadata</c> row as stored: <see cref="Url"/> is the revision directory, <see cref="Metadata"/> the ParquetMeta JSON.</summary>
public sealed record FileRow(FileId Id, LocationId Location, string FileName, string Url, long? ObjectSize, string? ObjectETag, string? ObjectVersion, string Metadata);
