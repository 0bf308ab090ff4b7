using Amp.Core.Jobs;
using Amp.MetadataDb.Datasets;
using Segments = Amp.DataStore.Segments;

namespace Amp.Controller.Jobs;

/// <summary>
/// Amp's per-table progress of a job (reference §5.12), computed from the registered files: for every table whose
/// active revision the job writes, the canonical chain's start, the end of its contiguous prefix, its file count and
/// bytes. A table whose canonical chain starts after the dataset's <c>start_block</c> counts as empty, as for queries.
/// Empty for kinds that write no tables.
/// </summary>
public static class JobTableProgress
{
    public static async Task<IReadOnlyDictionary<string, TableProgress>> OfAsync(JobId job, PhysicalTableRepository tables,
        FileMetadataRepository files, ulong? datasetStartBlock, CancellationToken ct)
    {
        var result = new SortedDictionary<string, TableProgress>(StringComparer.Ordinal);
        foreach (var table in await tables.ListWrittenByAsync(job, ct).ConfigureAwait(false))
        {
            var segments = (await files.ListAsync(table.Location, ct).ConfigureAwait(false)).Select(f => f.Segment);
            var p = Segments.TableProgress.Of(segments, datasetStartBlock);
            result[table.Table] = new TableProgress((long?)p.CurrentBlock, (long?)p.StartBlock, p.FilesCount, p.TotalSizeBytes);
        }
        return result;
    }
}
