using Amp.Core.Storage;
using Amp.DataStore.Parquet.Writing;
using Amp.MetadataDb.Datasets;
using Amp.Worker.Jobs;
using Microsoft.Extensions.Logging;

namespace Amp.Extraction.Job;

/// <summary>
/// Registers closed segment files under the job's fence. A refused commit means this worker no longer owns the job:
/// the file stays unregistered (an orphan the next owner's consistency check deletes) and the job stops.
/// </summary>
internal sealed class SegmentCommitter(FileMetadataRepository files, IObjectStore store, CommitFence fence, ExtractionStats stats, ILogger logger)
{
    public async Task CommitAsync(RawTable table, WrittenSegment segment, CancellationToken ct)
    {
        var url = store.UrlOf(table.Revision.Path.Directory + "/").ToString();
        var id = await files.RegisterAsync(table.Revision.Id, url, segment, fence, ct).ConfigureAwait(false);
        if (id is null)
        {
            logger.LogWarning("File {File} of table {Table} not registered: {Fence} no longer owns the job", segment.Path, table.Name, fence);
            throw new JobLostException($"{fence} no longer owns the job; file {segment.Path} was not registered");
        }
        var range = segment.Meta.Ranges[0];
        stats.FileCommitted(segment.SizeBytes);
        WriteMetrics.Committed(table, segment.SizeBytes);
        logger.LogInformation("Committed {Table} file {File} blocks {Blocks} ({Bytes} bytes, file id {FileId})",
            table.Name, segment.FileName, range.Numbers, segment.SizeBytes, id);
    }
}
