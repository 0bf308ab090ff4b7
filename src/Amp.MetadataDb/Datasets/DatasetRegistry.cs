using Amp.MetadataDb.Connection;
using Amp.Datasets.Identity;
using Npgsql;

namespace Amp.MetadataDb.Datasets;

/// <summary>
/// Registration and revision resolution across <c>dataset_manifests</c> and <c>tags</c>: linking a stored manifest,
/// moving <c>dev</c>, tagging a version and moving <c>latest</c> commit in one transaction per dataset.
/// </summary>
public sealed class DatasetRegistry(NpgsqlDataSource db, TagRepository tags, DatasetManifestRepository links, ManifestFileRepository manifests)
{
    /// <summary>
    /// Links the manifest to the dataset, moves <c>dev</c> to it and, with a version, tags it and moves <c>latest</c>
    /// to the highest version. Idempotent. The manifest must be stored (<c>manifest_files</c>) already.
    /// </summary>
    public async Task RegisterAsync(DatasetFqn dataset, ManifestHash hash, DatasetVersion? version, CancellationToken ct)
    {
        await using var conn = await db.OpenBoundedAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await TagRepository.LockDatasetAsync(conn, tx, dataset, ct).ConfigureAwait(false);
        await DatasetManifestRepository.LinkAsync(conn, tx, dataset, hash, ct).ConfigureAwait(false);
        await TagRepository.UpsertAsync(conn, tx, dataset, TagRepository.DevTag, hash, ct).ConfigureAwait(false);
        if (version is not null)
        {
            await TagRepository.UpsertAsync(conn, tx, dataset, version.ToString(), hash, ct).ConfigureAwait(false);
            await TagRepository.MoveLatestAsync(conn, tx, dataset, ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The manifest a revision names, or null: a version or <c>latest</c>/<c>dev</c> through <c>tags</c>; a hash only when
    /// it is linked to this dataset (Amp accepts any stored hash under any name).
    /// </summary>
    public async Task<ManifestHash?> ResolveAsync(DatasetFqn dataset, Revision revision, CancellationToken ct)
    {
        switch (revision)
        {
            case Revision.Hash h:
                return await links.IsLinkedAsync(dataset, h.Value, ct).ConfigureAwait(false)
                    && await manifests.GetAsync(h.Value, ct).ConfigureAwait(false) is not null ? h.Value : null;
            case Revision.Latest:
                return await tags.GetAsync(dataset, TagRepository.LatestTag, ct).ConfigureAwait(false);
            case Revision.Dev:
                return await tags.GetAsync(dataset, TagRepository.DevTag, ct).ConfigureAwait(false);
            case Revision.Version v:
                return await tags.GetAsync(dataset, v.Value.ToString(), ct).ConfigureAwait(false);
            default:
                return null;
        }
    }
}
