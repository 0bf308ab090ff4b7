using Amp.MetadataDb.Connection;
using Amp.Datasets.Identity;
using Amp.MetadataDb.Jobs;
using Npgsql;

namespace Amp.MetadataDb.Datasets;

/// <summary>A version tag of a dataset.</summary>
public sealed record VersionTag(DatasetFqn Dataset, DatasetVersion Version, ManifestHash Hash, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>What deleting a version tag did.</summary>
public enum TagDeleteOutcome
{
    Deleted,
    NotFound,
    /// <summary>The version's manifest is the one <c>latest</c> points to.</summary>
    IsLatest,
}

/// <summary>
/// The <c>tags</c> table: semver tags plus the rows <c>latest</c> (the highest version, by semver order) and
/// <c>dev</c> (the last registration).
/// </summary>
public sealed class TagRepository(NpgsqlDataSource db)
{
    public const string LatestTag = "latest";
    public const string DevTag = "dev";

    private const string UpsertSql = """
        INSERT INTO tags (namespace, name, version, hash) VALUES ($1, $2, $3, $4)
        ON CONFLICT (namespace, name, version) DO UPDATE SET hash = EXCLUDED.hash, updated_at = now()
        WHERE tags.hash <> EXCLUDED.hash
        """;

    private const string GetSql = "SELECT hash FROM tags WHERE namespace = $1 AND name = $2 AND version = $3";

    private const string VersionsSql = """
        SELECT namespace, name, version, hash, created_at, updated_at FROM tags
        WHERE ($1::text IS NULL OR (namespace = $1 AND name = $2)) AND ($3::text IS NULL OR hash = $3)
          AND version NOT IN ('latest', 'dev')
        """;

    private const string DeleteSql = "DELETE FROM tags WHERE namespace = $1 AND name = $2 AND version = $3";

    // Serialises the writes to one dataset's tags, so 'latest' is computed from a stable set.
    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended('amp-dataset:' || $1 || '/' || $2, 0))";

    internal static async Task LockDatasetAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DatasetFqn dataset, CancellationToken ct)
    {
        await using var cmd = Rows.Command(LockSql, conn, tx, dataset.Namespace.Value, dataset.Name.Value);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static async Task UpsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DatasetFqn dataset, string tag, ManifestHash hash, CancellationToken ct)
    {
        await using var cmd = Rows.Command(UpsertSql, conn, tx, dataset.Namespace.Value, dataset.Name.Value, tag, hash.Value);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Points <c>latest</c> at the highest version's manifest, by semver order (not text order).</summary>
    internal static async Task MoveLatestAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DatasetFqn dataset, CancellationToken ct)
    {
        await using var cmd = Rows.Command(VersionsSql, conn, tx, dataset.Namespace.Value, dataset.Name.Value, DBNull.Value);
        var versions = await JobReader.ReadAllAsync(cmd, Read, ct).ConfigureAwait(false);
        if (versions.Count > 0)
            await UpsertAsync(conn, tx, dataset, LatestTag, versions.MaxBy(v => v.Version)!.Hash, ct).ConfigureAwait(false);
    }

    public async Task<ManifestHash?> GetAsync(DatasetFqn dataset, string tag, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(GetSql);
        cmd.Parameters.AddWithValue(dataset.Namespace.Value);
        cmd.Parameters.AddWithValue(dataset.Name.Value);
        cmd.Parameters.AddWithValue(tag);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is string h ? ManifestHash.Parse(h) : null;
    }

    /// <summary>Version tags (not latest/dev), highest first by semver; for one dataset, one manifest, or all.</summary>
    public async Task<IReadOnlyList<VersionTag>> ListVersionsAsync(DatasetFqn? dataset, ManifestHash? hash, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(VersionsSql);
        cmd.Parameters.AddWithValue((object?)dataset?.Namespace.Value ?? DBNull.Value);
        cmd.Parameters.AddWithValue((object?)dataset?.Name.Value ?? DBNull.Value);
        cmd.Parameters.AddWithValue((object?)hash?.Value ?? DBNull.Value);
        cmd.Parameters[0].NpgsqlDbType = cmd.Parameters[1].NpgsqlDbType = cmd.Parameters[2].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        var list = await JobReader.ReadAllAsync(cmd, Read, ct).ConfigureAwait(false);
        return list.OrderBy(v => v.Dataset.Namespace.Value, StringComparer.Ordinal).ThenBy(v => v.Dataset.Name.Value, StringComparer.Ordinal)
            .ThenByDescending(v => v.Version).ToList();
    }

    /// <summary>Removes a version tag unless <c>latest</c> points to its manifest.</summary>
    public async Task<TagDeleteOutcome> DeleteVersionAsync(DatasetFqn dataset, DatasetVersion version, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await LockDatasetAsync(conn, tx, dataset, ct).ConfigureAwait(false);
        await using var get = Rows.Command(GetSql + " FOR UPDATE", conn, tx, dataset.Namespace.Value, dataset.Name.Value, version.ToString());
        if (await get.ExecuteScalarAsync(ct).ConfigureAwait(false) is not string hash)
            return TagDeleteOutcome.NotFound;
        await using var latest = Rows.Command(GetSql, conn, tx, dataset.Namespace.Value, dataset.Name.Value, LatestTag);
        if (await latest.ExecuteScalarAsync(ct).ConfigureAwait(false) is string latestHash && latestHash == hash)
            return TagDeleteOutcome.IsLatest;
        await using var delete = Rows.Command(DeleteSql, conn, tx, dataset.Namespace.Value, dataset.Name.Value, version.ToString());
        await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return TagDeleteOutcome.Deleted;
    }

    private static VersionTag Read(NpgsqlDataReader r) => new(
        new DatasetFqn(DatasetNamespace.Parse(r.GetString(0)), DatasetName.Parse(r.GetString(1))),
        DatasetVersion.Parse(r.GetString(2)),
        ManifestHash.Parse(r.GetString(3)),
        r.GetDateTime(4),
        r.GetDateTime(5));
}
