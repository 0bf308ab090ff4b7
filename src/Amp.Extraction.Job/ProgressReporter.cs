using System.Text.Json.Nodes;
using Amp.DataStore.Segments;
using Amp.MetadataDb.Datasets;
using Amp.Worker.Jobs;
using Microsoft.Extensions.Logging;

namespace Amp.Extraction.Job;

/// <summary>
/// Every <see cref="MaterializeRawSettings.ProgressInterval"/>: a log line (blocks written, rate, highest block, head)
/// and the job's recorded progress, with Amp's per-table figures from the registered files (reference §5.12), the
/// rate between the last two samples, and the resolved block range (so <c>ampctl job progress</c> can show an ETA).
/// </summary>
internal sealed class ProgressReporter(
    IJobContext context, FileMetadataRepository files, IReadOnlyList<RawTable> tables, ulong startBlock, ulong? endBlock,
    ExtractionStats stats, MaterializeRawSettings settings, TimeProvider time, ILogger logger)
{
    private double _rate;

    public async Task RunAsync(CancellationToken ct)
    {
        var lastBlocks = 0L;
        var lastAt = time.GetTimestamp();
        while (true)
        {
            await Task.Delay(settings.ProgressInterval, time, ct).ConfigureAwait(false);
            var blocks = stats.Blocks;
            _rate = BlocksPerSecond(blocks - lastBlocks, time.GetElapsedTime(lastAt));
            lastBlocks = blocks;
            lastAt = time.GetTimestamp();
            logger.LogInformation("Progress: {Blocks} blocks written ({Rate:F0} blocks/s), latest block {Block}, head {Head}, {Files} files, {Bytes} bytes",
                blocks, _rate, stats.LastBlock, stats.Head, stats.Files, stats.Bytes);
            await ReportAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Blocks per second over one sampling interval, to a tenth.</summary>
    public static double BlocksPerSecond(long blocks, TimeSpan elapsed) =>
        Math.Round(Math.Max(0, blocks) / Math.Max(0.001, elapsed.TotalSeconds), 1);

    /// <summary>Records the per-table progress now.</summary>
    public async Task ReportAsync(CancellationToken ct)
    {
        var perTable = new JsonObject();
        foreach (var table in tables)
        {
            var segments = (await files.ListAsync(table.Revision.Id, ct).ConfigureAwait(false)).Select(f => f.Segment);
            perTable[table.Name] = ToJson(TableProgress.Of(segments, startBlock));
        }
        await context.ReportProgressAsync(new JsonObject
        {
            ["tables"] = perTable,
            ["blocks_written"] = stats.Blocks,
            ["blocks_per_second"] = _rate,
            ["start_block"] = startBlock,
            ["end_block"] = endBlock,
            ["latest_block"] = stats.LastBlock < 0 ? null : stats.LastBlock,
            ["chain_head"] = stats.Head < 0 ? null : stats.Head,
        }, ct).ConfigureAwait(false);
    }

    public static JsonObject ToJson(TableProgress p) => new()
    {
        ["start_block"] = p.StartBlock,
        ["current_block"] = p.CurrentBlock,
        ["files_count"] = p.FilesCount,
        ["total_size_bytes"] = p.TotalSizeBytes,
    };
}
