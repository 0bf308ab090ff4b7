using Amp.MetadataDb.Connection;
using Amp.Datasets.Identity;
using Amp.MetadataDb.Jobs;
using Npgsql;

namespace Amp.MetadataDb.Datasets;

/// <summary>A stored manifest: where its bytes are, its kind, and how many datasets link it.</summary>
public sealed record ManifestFileRow(ManifestHash Hash, string Path, string Kind, DateTime CreatedAt, long DatasetCount);

/// <summary>What deleting a manifest did.</summary>
public enum ManifestDeleteOutcome
{
    Deleted,
    NotFound,
    /// <summary>A dataset still links it; unlink the dataset first.</summary>
    Linked,
}

/// <summary>The <c>manifest_files</c> table.</summary>
public sealed class ManifestFileRepository(NpgsqlDataSource db)
{
    private const string InsertSql = "INSERT INTO manifest_files (hash, path, kind) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING";

    private const string SelectSql = """
        SELECT m.hash, m.path, m.kind, m.created_at,
               (SELECT count(*) FROM dataset_manifests dm WHERE dm.hash = m.hash)
        FROM manifest_files m
        """;

    private const string GetSql = SelectSql + " WHERE m.hash = $1";
    private const string ListSql = SelectSql + " ORDER BY m.hash";

    private const string UnlinkedSql = """
        SELECT m.hash FROM manifest_files m
        WHERE NOT EXISTS (SELECT 1 FROM dataset_manifests dm WHERE dm.hash = m.hash)
        ORDER BY m.hash
        """;

    private const string LockSql = "SELECT (SELECT count(*) FROM dataset_manifests dm WHERE dm.hash = m.hash) FROM manifest_files m WHERE m.hash = $1 FOR UPDATE";
    private const string DeleteSql = "DELETE FROM manifest_files WHERE hash = $1";

    public async Task InsertAsync(ManifestHash hash, string path, string kind, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(InsertSql);
        cmd.Parameters.AddWithValue(hash.Value);
        cmd.Parameters.AddWithValue(path);
        cmd.Parameters.AddWithValue(kind);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<ManifestFileRow?> GetAsync(ManifestHash hash, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(GetSql);
        cmd.Parameters.AddWithValue(hash.Value);
        return (await JobReader.ReadAllAsync(cmd, Read, ct).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ManifestFileRow>> ListAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ListSql);
        return await JobReader.ReadAllAsync(cmd, Read, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ManifestHash>> ListUnlinkedAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(UnlinkedSql);
        return await JobReader.ReadAllAsync(cmd, r => ManifestHash.Parse(r.GetString(0)), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the row unless a dataset links it, and calls <paramref name="deleteObject"/> before committing, so a
    /// failed object delete leaves the row in place. Links take a key-share lock on the row, so none can sneak in.
    /// </summary>
    public async Task<ManifestDeleteOutcome> DeleteIfUnlinkedAsync(ManifestHash hash, Func<CancellationToken, Task> deleteObject, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var lockCmd = new NpgsqlCommand(LockSql, conn, tx))
        {
            lockCmd.Parameters.AddWithValue(hash.Value);
            var links = await lockCmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
            if (links is null)
                return ManifestDeleteOutcome.NotFound;
            if ((long)links > 0)
                return ManifestDeleteOutcome.Linked;
        }
        await using (var delete = new NpgsqlCommand(DeleteSql, conn, tx))
        {
            delete.Parameters.AddWithValue(hash.Value);
            await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await deleteObject(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return ManifestDeleteOutcome.Deleted;
    }

    private static ManifestFileRow Read(NpgsqlDataReader r) =>
        new(ManifestHash.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetDateTime(3), r.GetInt64(4));
}
