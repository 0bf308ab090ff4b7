using Amp.Core.Storage;
using Amp.Datasets.Identity;
using Amp.Datasets.Manifests;
using Amp.Extraction.Evm.Tables;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Datasets;
using Microsoft.Extensions.Logging;

namespace Amp.Query.Catalog;

/// <summary>
/// The table catalog of a running system, read from the metadata database (reference §7): the dataset reference and
/// revision name a manifest hash (<c>tags</c>, <c>dataset_manifests</c>), the hash and table name the active revision
/// (<c>physical_tables</c>), and the revision's registered files (<c>file_metadata</c>) give the canonical chain
/// (<see cref="CanonicalSegments"/>, the chain the extraction repairs against), whose files the engine reads. A table
/// that was never materialised, or whose chain begins after the manifest's <c>start_block</c>, reads as empty.
/// <see cref="Version"/> grows on every <c>change-tracking</c> notification (a committed file) and, as a fallback for
/// changes that notify nothing (a moved tag, an activated revision, a lost notification), every
/// <see cref="CatalogChangeListener.RefreshInterval"/>; <see cref="CatalogChangeListener"/> runs that loop.
/// </summary>
public sealed class MetadataTableCatalog : ITableCatalog
{
    private readonly string _dataDir;
    private readonly DatasetRegistry _registry;
    private readonly ManifestFileRepository _manifestFiles;
    private readonly PhysicalTableRepository _physicalTables;
    private readonly FileMetadataRepository _files;
    private readonly IObjectStore _manifests;
    private readonly ILogger _logger;
    private readonly Dictionary<ManifestHash, RawManifest?> _manifestCache = [];
    private long _version;

    public MetadataTableCatalog(MetadataDatabase db, string dataDir, string manifestsDir, ILogger<MetadataTableCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(db);
        _dataDir = Path.GetFullPath(dataDir);
        var source = db.DataSource;
        _manifestFiles = new ManifestFileRepository(source);
        _registry = new DatasetRegistry(source, new TagRepository(source), new DatasetManifestRepository(source), _manifestFiles);
        _physicalTables = new PhysicalTableRepository(source);
        _files = new FileMetadataRepository(source);
        _manifests = new LocalObjectStore(manifestsDir);
        _logger = logger;
    }

    public long Version => Interlocked.Read(ref _version);

    public IReadOnlyList<string> DataDirectories => [_dataDir];

    public event EventHandler? Changed;

    /// <summary>Marks every earlier answer as possibly stale.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public async ValueTask<TableResolution> ResolveAsync(TableReference table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!DatasetNamespace.TryParse(table.Namespace, out var ns, out _) || !DatasetName.TryParse(table.Name, out var name, out _)
            || !Revision.TryParse(table.Revision, out var revision, out _))
            return TableResolution.Missing(TableNotFoundReason.DatasetNotFound);
        var dataset = new DatasetFqn(ns, name);
        if (await _registry.ResolveAsync(dataset, revision, cancellationToken).ConfigureAwait(false) is not { } hash)
            return TableResolution.Missing(TableNotFoundReason.DatasetNotFound);
        if (!EvmTables.All.TryGetValue(table.Table, out var schema))
            return TableResolution.Missing(TableNotFoundReason.TableNotFound);

        var manifest = await ManifestAsync(hash, cancellationToken).ConfigureAwait(false);
        var active = await _physicalTables.FindActiveAsync(table.Namespace, table.Name, hash.Value, table.Table, cancellationToken).ConfigureAwait(false);
        if (active is null)
            return TableResolution.Found(new ResolvedTable(table, schema, []));

        var registered = await _files.ListAsync(active.Id, cancellationToken).ConfigureAwait(false);
        var names = registered.ToDictionary(f => f.Segment.Id, f => f.FileName);
        var canonical = CanonicalSegments.Of(registered.Select(f => f.Segment), manifest?.StartBlock);
        var directory = Path.Combine(_dataDir, active.Path.Directory);
        var files = canonical.Select(s => Path.Combine(directory, names[s.Id])).ToList();
        return TableResolution.Found(new ResolvedTable(table, schema, files));
    }

    /// <summary>The manifest behind a hash (immutable, so kept once read), or null when it cannot be read: then no start block applies.</summary>
    private async Task<RawManifest?> ManifestAsync(ManifestHash hash, CancellationToken cancellationToken)
    {
        lock (_manifestCache)
        {
            if (_manifestCache.TryGetValue(hash, out var known))
                return known;
        }
        RawManifest? manifest = null;
        if (await _manifestFiles.GetAsync(hash, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            var bytes = await _manifests.ReadAllBytesAsync(stored.Path, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
                CatalogLog.ManifestUnreadable(_logger, hash.Value, $"'{stored.Path}' is missing from manifests_dir");
            else if (!RawManifest.TryParse(bytes, out manifest, out var error))
                CatalogLog.ManifestUnreadable(_logger, hash.Value, error!.Message);
        }
        if (manifest is not null)
        {
            lock (_manifestCache)
                _manifestCache[hash] = manifest;
        }
        return manifest;
    }
}
