using Amp.Controller.Datasets;
using Amp.Controller.Errors;
using Amp.DataStore.Parquet;
using Amp.DataStore.Restore;
using Amp.Datasets.Identity;
using Amp.MetadataDb.Datasets;

namespace Amp.Controller.Tables;

/// <summary>
/// Restore: finds a dataset's revision directories in the data store, checks every segment's footer, and hands the
/// good files to <see cref="TableRestoreRepository"/>. All reading happens before the one transaction that writes,
/// so a request that is refused (no directory for a table, a writing job) changes nothing.
/// </summary>
public sealed partial class TableRestorer(DatasetStores stores, TableRestoreRepository repository, ILogger<TableRestorer> logger)
{
    /// <summary>Restores <paramref name="tables"/> of the dataset version and activates a revision of each; the error to answer otherwise.</summary>
    public async Task<(DatasetRestored? Restored, ApiError? Error)> RestoreDatasetAsync(DatasetFqn dataset, ManifestHash hash,
        IReadOnlyList<string> tables, CancellationToken ct)
    {
        var plans = new List<TableRestorePlan>();
        var outside = new Dictionary<string, IReadOnlyList<SkippedObject>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var (revisions, skipped) = await RevisionScan.ScanTableAsync(stores.Data, dataset.Namespace.Value, dataset.Name.Value, table, ct).ConfigureAwait(false);
            if (revisions.Count == 0)
            {
                var where = stores.Data.UrlOf($"{dataset.Namespace}/{dataset.Name}/{table}/");
                return (null, new ApiError(ErrorCodes.TableNotFound,
                    $"table '{table}' of {dataset} has no revision directory under {where} (expected <uuid>/<segment>.parquet there); " +
                    "copy the data directory of the installation that wrote it into this one's data_dir, then restore again"));
            }
            plans.Add(new TableRestorePlan(table, revisions, UrlOf));
            outside[table] = skipped;
        }

        var (restored, busy) = await repository.RestoreTablesAsync(dataset.Namespace.Value, dataset.Name.Value, hash.Value, plans, activate: true, ct).ConfigureAwait(false);
        if (busy is not null)
            return (null, Busy(dataset.ToString(), busy));
        foreach (var table in restored!)
            Log(dataset.ToString(), table, outside[table.Table]);
        return (new DatasetRestored(restored.Select(t => TableRestored.From(t, outside[t.Table])).ToList()), null);
    }

    /// <summary>Registers the files of one existing revision (Amp's <c>POST /revisions/{id}/restore</c>).</summary>
    public async Task<(RevisionRestored? Restored, ApiError? Error)> RestoreRevisionAsync(RevisionRow revision, TableRevisionPath path, CancellationToken ct)
    {
        var scanned = await RevisionScan.ScanRevisionAsync(stores.Data, path, null, ct).ConfigureAwait(false);
        var owner = revision.Owner.Namespace.Length > 0 ? revision.Owner : new RevisionOwner(path.Namespace, path.Name, "", path.Table);
        var (restored, busy) = await repository.RestoreRevisionAsync(owner, scanned, UrlOf(path), ct).ConfigureAwait(false);
        if (busy is not null)
            return (null, Busy($"revision {revision.Id}", busy));
        RevisionLogged(logger, revision.Id.Value, path.Directory, restored!.FilesFound, restored.FilesRegistered, restored.Skipped.Count);
        foreach (var s in restored.Skipped)
            FileSkipped(logger, s.Path, s.Reason);
        return (new RevisionRestored(scanned.Files.Count + scanned.Skipped.Count, restored.FilesRegistered, SkippedFile.From(restored.Skipped)), null);
    }

    /// <summary>The URL <c>file_metadata.url</c> holds for a revision: its directory, with a trailing slash (as the writer stores it).</summary>
    public string UrlOf(TableRevisionPath path) => stores.Data.UrlOf(path.Directory + "/").ToString();

    private static ApiError Busy(string what, WriterBusy busy) => new(ErrorCodes.WriterJobNotTerminal,
        $"job {busy.Job} ({busy.Status.ToString().ToUpperInvariant()}) writes {what}, so restore would race with it; " +
        $"stop it with 'ampctl job stop {busy.Job}' and wait until it is STOPPED, or let it finish, then restore again");

    private void Log(string dataset, RestoredTable table, IReadOnlyList<SkippedObject> outside)
    {
        TableLogged(logger, dataset, table.Table, table.Active!.Id.Value, table.Revisions.Count,
            table.Revisions.Sum(r => r.FilesFound), table.Revisions.Sum(r => r.FilesRegistered));
        foreach (var s in outside.Concat(table.Revisions.SelectMany(r => r.Skipped)))
            FileSkipped(logger, s.Path, s.Reason);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Restored {dataset} table {table}: active location {location_id}, {revisions} revision(s), {files_found} file(s) found, {files_registered} newly registered")]
    private static partial void TableLogged(ILogger logger, string dataset, string table, long location_id, int revisions, int files_found, int files_registered);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Restored revision {location_id} ({path}): {files_found} file(s) found, {files_registered} newly registered, {files_skipped} skipped")]
    private static partial void RevisionLogged(ILogger logger, long location_id, string path, int files_found, int files_registered, int files_skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restore skipped {path}: {reason}")]
    private static partial void FileSkipped(ILogger logger, string path, string reason);
}
