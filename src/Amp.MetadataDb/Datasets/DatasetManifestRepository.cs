using Amp.Datasets.Identity;
using Amp.MetadataDb.Jobs;
using Npgsql;

namespace Amp.MetadataDb.Datasets;

/// <summary>The <c>dataset_manifests</c> table: which manifests a dataset (namespace, name) has.</summary>
public sealed class DatasetManifestRepository(NpgsqlDataSource db)
{
    private const string LinkSql = "INSERT INTO dataset_manifests (namespace, name, hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
    private const string IsLinkedSql = "SELECT EXISTS (SELECT 1 FROM dataset_manifests WHERE namespace = $1 AND name = $2 AND hash = $3)";
    private const string UnlinkSql = "DELETE FROM dataset_manifests WHERE namespace = $1 AND name = $2 RETURNING hash";
    private const string DatasetsSql = "SELECT DISTINCT namespace, name FROM dataset_manifests ORDER BY namespace, name";

    internal static async Task LinkAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DatasetFqn dataset, ManifestHash hash, CancellationToken ct)
    {
        await using var cmd = Rows.Command(LinkSql, conn, tx, dataset.Namespace.Value, dataset.Name.Value, hash.Value);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<bool> IsLinkedAsync(DatasetFqn dataset, ManifestHash hash, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(IsLinkedSql);
        cmd.Parameters.AddWithValue(dataset.Namespace.Value);
        cmd.Parameters.AddWithValue(dataset.Name.Value);
        cmd.Parameters.AddWithValue(hash.Value);
        return (bool)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>Removes every link of the dataset (its tags go by cascade); returns the manifests it unlinked.</summary>
    public async Task<IReadOnlyList<ManifestHash>> UnlinkAsync(DatasetFqn dataset, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(UnlinkSql);
        cmd.Parameters.AddWithValue(dataset.Namespace.Value);
        cmd.Parameters.AddWithValue(dataset.Name.Value);
        return await JobReader.ReadAllAsync(cmd, r => ManifestHash.Parse(r.GetString(0)), ct).ConfigureAwait(false);
    }

    /// <summary>Every dataset with at least one manifest, sorted by namespace then name.</summary>
    public async Task<IReadOnlyList<DatasetFqn>> ListDatasetsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(DatasetsSql);
        return await JobReader.ReadAllAsync(cmd, r => new DatasetFqn(DatasetNamespace.Parse(r.GetString(0)), DatasetName.Parse(r.GetString(1))), ct).ConfigureAwait(false);
    }
}
