using Amp.Core.Storage;
using Amp.MetadataDb.Datasets;
using Amp.Worker.Jobs;
using Microsoft.Extensions.Logging;

namespace Amp.Extraction.Job;

/// <summary>
/// Amp's start-of-job check (reference §5.1): a file in a revision directory that is not registered is an orphan of a
/// crashed or fenced writer and is deleted (this job now owns the revision, so no live writer can still register it);
/// a registered file missing from storage is FATAL <c>CONSISTENCY_CHECK</c>.
/// </summary>
internal static class ConsistencyCheck
{
    public const string ErrorCode = "CONSISTENCY_CHECK";

    public static async Task RunAsync(IObjectStore store, FileMetadataRepository files, RawTable table, ILogger logger, CancellationToken ct)
    {
        var registered = (await files.ListAsync(table.Revision.Id, ct).ConfigureAwait(false)).Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        var prefix = table.Revision.Path.Directory + "/";
        var present = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var obj in store.ListAsync(prefix, ct).ConfigureAwait(false))
        {
            var name = obj.Path[(obj.Path.LastIndexOf('/') + 1)..];
            if (registered.Contains(name))
            {
                present.Add(name);
                continue;
            }
            await store.DeleteAsync(obj.Path, ct).ConfigureAwait(false);
            logger.LogWarning("Deleted orphan file {File} of table {Table} (not registered)", obj.Path, table.Name);
        }
        var missing = registered.Where(r => !present.Contains(r)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new JobFailedException(ErrorCode,
                $"table {table.Name} revision {table.Revision.Path}: {missing.Count} registered file(s) missing from storage, e.g. {missing[0]}",
                retryable: false);
    }
}
