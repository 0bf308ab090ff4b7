using Amp.DataStore.Ranges;
using Amp.DataStore.Segments;
using Amp.Extraction.Rpc;
using Amp.MetadataDb.Datasets;
using Microsoft.Extensions.Logging;

namespace Amp.Extraction.Job;

/// <summary>
/// Amp's main loop (reference §5.2): poll the head; each table's missing ranges over its registered segments (the
/// reorg range included); extract their union in at most <c>parallelism</c> partitions at once with a fail-fast join;
/// after work look again at once (so a fork found by this pass is repaired by the next); when nothing is missing, stop
/// if the end block is reached, else sleep the poll interval.
/// </summary>
internal sealed class ExtractionLoop(
    EvmRpcClient client, FileMetadataRepository files, IReadOnlyList<RawTable> tables, PieceExtractor pieces,
    ExtractionStats stats, MaterializeRawSettings settings, TimeProvider time, ILogger logger)
{
    public async Task RunAsync(ulong start, ulong? end, HeadTag tag, int parallelism, CancellationToken ct)
    {
        ulong? previousHead = null;
        while (true)
        {
            var head = (await client.GetHeadAsync(tag, ct).ConfigureAwait(false))?.Value;
            if (head is not { } h || h == previousHead || h < start)
            {
                await Task.Delay(settings.PollInterval, time, ct).ConfigureAwait(false);
                continue;
            }
            stats.HeadSeen(h);
            var desired = new BlockSpan(start, end is { } e ? Math.Min(e, h) : h);
            var missing = await MissingAsync(desired, ct).ConfigureAwait(false);
            var union = BlockSpans.Merge(missing.Values.SelectMany(m => m));
            if (union.Count == 0)
            {
                previousHead = h;
                if (end is { } last && last <= h)
                {
                    logger.LogInformation("All tables hold blocks {Desired}; end block {End} reached", desired, last);
                    return;
                }
                await Task.Delay(settings.PollInterval, time, ct).ConfigureAwait(false);
                continue;
            }

            var partitions = RangePartitioning.SplitAndPartition(union, parallelism);
            logger.LogInformation("Extracting {Blocks} blocks {Ranges} in {Partitions} partition(s); head {Head}; missing {Missing}",
                BlockSpans.Total(union), string.Join(", ", union), partitions.Count, h,
                string.Join("; ", missing.Select(m => $"{m.Key}: {(m.Value.Count == 0 ? "none" : string.Join(", ", m.Value))}")));
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var runs = partitions.Select(p => Task.Run(() => RunPartitionAsync(p, missing, cts.Token), cts.Token)).ToList();
            await FailFast.WhenAllAsync(runs, cts).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<BlockSpan>>> MissingAsync(BlockSpan desired, CancellationToken ct)
    {
        var missing = new Dictionary<string, IReadOnlyList<BlockSpan>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var segments = (await files.ListAsync(table.Revision.Id, ct).ConfigureAwait(false)).Select(f => f.Segment).ToList();
            missing[table.Name] = MissingRanges.Compute(segments, desired);
        }
        return missing;
    }

    private async Task RunPartitionAsync(IReadOnlyList<BlockSpan> partition, IReadOnlyDictionary<string, IReadOnlyList<BlockSpan>> missing, CancellationToken ct)
    {
        foreach (var piece in partition)
            await pieces.RunAsync(piece, missing, ct).ConfigureAwait(false);
    }
}
