using System.Text.Json.Nodes;
using Amp.Datasets.Identity;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace Amp.MetadataDb.Datasets;

/// <summary>Which dataset version and table a revision belongs to (Amp's revision <c>metadata</c>); "" where unknown.</summary>
public sealed record RevisionOwner(string Namespace, string Name, string ManifestHash, string Table)
{
    public string ToJson() => new JsonObject
    {
        ["dataset_namespace"] = Namespace,
        ["dataset_name"] = Name,
        ["manifest_hash"] = ManifestHash,
        ["table_name"] = Table,
    }.ToJsonString();
}

/// <summary>A row of <c>physical_table_revisions</c> as the Admin API shows it (Amp's RevisionInfo).</summary>
public sealed record RevisionRow(LocationId Id, string Path, bool Active, long? Writer, RevisionOwner Owner);

/// <summary>What activating a revision for a table did.</summary>
public enum ActivationOutcome
{
    Activated,
    /// <summary>The table has no <c>physical_tables</c> row: it was never materialised or restored.</summary>
    TableNotRegistered,
    RevisionNotFound,
}

/// <summary>
/// The revisions of physical tables for the Admin API's <c>/revisions</c> routes: list, get, register by path,
/// activate and deactivate (reference amp-datasets-api.md §5). The metadata of a revision written before it was
/// recorded is taken from the <c>physical_tables</c> row that points at it.
/// </summary>
public sealed class TableRevisionRepository(NpgsqlDataSource db)
{
    private const string SelectSql = """
        SELECT r.id, r.path, t.id IS NOT NULL, r.writer,
               coalesce(nullif(r.metadata->>'dataset_namespace', ''), t.dataset_namespace, ''),
               coalesce(nullif(r.metadata->>'dataset_name', ''), t.dataset_name, ''),
               coalesce(nullif(r.metadata->>'manifest_hash', ''), t.manifest_hash, ''),
               coalesce(nullif(r.metadata->>'table_name', ''), t.table_name, '')
        FROM physical_table_revisions r LEFT JOIN physical_tables t ON t.active_revision_id = r.id
        """;

    // $3/$4: one dataset's revisions only (namespace, name), or all when null; the owner as SelectSql reads it.
    private const string ListSql = SelectSql + """
         WHERE ($1::boolean IS NULL OR (t.id IS NOT NULL) = $1)
           AND ($3::text IS NULL OR (coalesce(nullif(r.metadata->>'dataset_namespace', ''), t.dataset_namespace) = $3
                                     AND coalesce(nullif(r.metadata->>'dataset_name', ''), t.dataset_name) = $4))
         ORDER BY r.id DESC LIMIT $2
        """;

    private const string GetSql = SelectSql + " WHERE r.id = $1";

    private const string ByPathSql = SelectSql + " WHERE r.path = $1";

    /// <summary>Registers a revision by path; an existing path keeps its id and gets its metadata only when it had none.</summary>
    internal const string RegisterSql = """
        INSERT INTO physical_table_revisions (path, metadata) VALUES ($1, $2)
        ON CONFLICT (path) DO UPDATE SET metadata = CASE WHEN physical_table_revisions.metadata = '{}'::jsonb
            THEN EXCLUDED.metadata ELSE physical_table_revisions.metadata END
        RETURNING id
        """;

    private const string ExistsSql = "SELECT 1 FROM physical_table_revisions WHERE id = $1 FOR KEY SHARE";

    private const string DeactivateSql = """
        UPDATE physical_tables SET active_revision_id = NULL, updated_at = now()
        WHERE dataset_namespace = $1 AND dataset_name = $2 AND manifest_hash = $3 AND table_name = $4
        """;

    // The revision that was active, so the change can be announced on change-tracking.
    private const string DeactivateReturningSql = """
        WITH old AS (
            SELECT id, active_revision_id FROM physical_tables
            WHERE dataset_namespace = $1 AND dataset_name = $2 AND manifest_hash = $3 AND table_name = $4 FOR UPDATE)
        UPDATE physical_tables t SET active_revision_id = NULL, updated_at = now() FROM old WHERE t.id = old.id
        RETURNING coalesce(old.active_revision_id, 0)
        """;

    private const string ActivateSql = """
        UPDATE physical_tables SET active_revision_id = $5, updated_at = now()
        WHERE dataset_namespace = $1 AND dataset_name = $2 AND manifest_hash = $3 AND table_name = $4
        """;

    internal const string UpsertActiveSql = """
        INSERT INTO physical_tables (dataset_namespace, dataset_name, manifest_hash, table_name, active_revision_id)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (dataset_namespace, dataset_name, manifest_hash, table_name)
        DO UPDATE SET active_revision_id = EXCLUDED.active_revision_id, updated_at = now()
        """;

    /// <summary>
    /// Revisions, newest id first; only active (or inactive) ones when <paramref name="active"/> is set, only those of
    /// one dataset (<paramref name="dataset"/>: namespace and name) when it is set.
    /// </summary>
    public async Task<IReadOnlyList<RevisionRow>> ListAsync(bool? active, DatasetFqn? dataset, long limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)active ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)dataset?.Namespace.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)dataset?.Name.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await JobReader.ReadAllAsync(cmd, Read, ct).ConfigureAwait(false);
    }

    public async Task<RevisionRow?> GetAsync(LocationId id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(GetSql);
        cmd.Parameters.AddWithValue(id.Value);
        return (await JobReader.ReadAllAsync(cmd, Read, ct).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<RevisionRow?> GetByPathAsync(string path, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ByPathSql);
        cmd.Parameters.AddWithValue(path);
        return (await JobReader.ReadAllAsync(cmd, Read, ct).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>Registers a revision at <paramref name="path"/> (inactive) and returns its id; an existing path returns the existing id.</summary>
    public async Task<LocationId> RegisterAsync(string path, RevisionOwner owner, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        return await RegisterAsync(conn, null, path, owner, ct).ConfigureAwait(false);
    }

    internal static async Task<LocationId> RegisterAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string path, RevisionOwner owner, CancellationToken ct)
    {
        await using var cmd = Rows.Command(RegisterSql, conn, tx, path);
        cmd.Parameters.Add(new NpgsqlParameter { Value = owner.ToJson(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        return new LocationId((long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!);
    }

    /// <summary>
    /// Makes <paramref name="id"/> the table's active revision in one transaction (clear, then set). With
    /// <paramref name="createTable"/> a table without a <c>physical_tables</c> row gets one (Amp's D11); otherwise it is
    /// <see cref="ActivationOutcome.TableNotRegistered"/> (Amp's R8).
    /// </summary>
    public async Task<ActivationOutcome> ActivateAsync(RevisionOwner table, LocationId id, bool createTable, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var exists = Rows.Command(ExistsSql, conn, tx, id.Value))
        {
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
                return ActivationOutcome.RevisionNotFound;
        }
        if (createTable)
        {
            await using var upsert = Rows.Command(UpsertActiveSql, conn, tx, table.Namespace, table.Name, table.ManifestHash, table.Table, id.Value);
            await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        else
        {
            await using (var clear = Rows.Command(DeactivateSql, conn, tx, table.Namespace, table.Name, table.ManifestHash, table.Table))
                await clear.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await using var set = Rows.Command(ActivateSql, conn, tx, table.Namespace, table.Name, table.ManifestHash, table.Table, id.Value);
            if (await set.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                return ActivationOutcome.TableNotRegistered;
        }
        await using (var notify = Rows.Command(FileMetadataRepository.NotifySql, conn, tx, id.ToString()))
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return ActivationOutcome.Activated;
    }

    /// <summary>Clears the table's active revision; false when the table has no <c>physical_tables</c> row.</summary>
    public async Task<bool> DeactivateAsync(RevisionOwner table, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var cmd = Rows.Command(DeactivateReturningSql, conn, tx, table.Namespace, table.Name, table.ManifestHash, table.Table);
        if (await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not long previous)
            return false;
        if (previous > 0)
        {
            await using var notify = Rows.Command(FileMetadataRepository.NotifySql, conn, tx, previous.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static RevisionRow Read(NpgsqlDataReader r) => new(
        new LocationId(r.GetInt64(0)), r.GetString(1), r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetInt64(3),
        new RevisionOwner(r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7)));
}
