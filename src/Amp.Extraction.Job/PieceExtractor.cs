using System.Threading.Channels;
using Amp.Core.Storage;
using Amp.DataStore.Parquet.Writing;
using Amp.DataStore.Ranges;
using Amp.Extraction.Errors;
using Amp.Extraction.Evm;
using Amp.Extraction.Evm.Rows;
using Amp.Extraction.Rpc;
using Microsoft.Extensions.Logging;

namespace Amp.Extraction.Job;

/// <summary>
/// Extracts one contiguous piece of a partition (reference §5.3): a fetcher streams the piece's blocks into batches of
/// about <see cref="MaterializeRawSettings.BatchRows"/> rows and hands them through a bounded channel to the writer,
/// which gives each table's <see cref="TableSegmentWriter"/> only the blocks of that table's own missing ranges and
/// commits every file it closes. Either side failing cancels the other.
/// </summary>
internal sealed class PieceExtractor(
    EvmRpcClient client, IObjectStore store, IReadOnlyList<RawTable> tables, string network,
    SegmentCommitter committer, ExtractionStats stats, MaterializeRawSettings settings, TimeProvider time, ILogger logger)
{
    public async Task RunAsync(BlockSpan piece, IReadOnlyDictionary<string, IReadOnlyList<BlockSpan>> missing, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<EvmBatch>(new BoundedChannelOptions(settings.ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var fetch = FetchAsync(piece, channel.Writer, cts.Token);
        var write = WriteAsync(piece, missing, channel.Reader, cts.Token);
        try
        {
            await FailFast.WhenAllAsync([fetch, write], cts).ConfigureAwait(false);
        }
        finally
        {
            while (channel.Reader.TryRead(out var left))
                left.Dispose();
        }
    }

    private async Task FetchAsync(BlockSpan piece, ChannelWriter<EvmBatch> output, CancellationToken ct)
    {
        try
        {
            var blocks = client.StreamBlocksAsync(new BlockNumber(piece.Start), new BlockNumber(piece.End), ct);
            await foreach (var batch in blocks.ToBatchesAsync(settings.BatchRows, ct).ConfigureAwait(false))
            {
                try
                {
                    await output.WriteAsync(batch, ct).ConfigureAwait(false);
                }
                catch
                {
                    batch.Dispose();
                    throw;
                }
            }
            output.Complete();
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
            throw;
        }
    }

    private async Task WriteAsync(BlockSpan piece, IReadOnlyDictionary<string, IReadOnlyList<BlockSpan>> missing,
        ChannelReader<EvmBatch> input, CancellationToken ct)
    {
        var writers = tables
            .Select(t => (Table: t, Writer: new TableSegmentWriter(store, t.Revision.Path, t.Schema, BlockRanges.Within(missing[t.Name], piece),
                settings.Writer, time)))
            .ToList();
        try
        {
            ulong? previous = null;
            await foreach (var batch in input.ReadAllAsync(ct).ConfigureAwait(false))
            {
                using (batch)
                {
                    if (previous is { } p && batch.First.Value <= p)
                        throw new ExtractionException(ExtractionErrorCodes.NonIncreasingBlocks,
                            $"block {batch.First} came after block {p} in piece {piece}", isRetryable: false, batch.First);
                    previous = batch.Last.Value;
                    var ranges = BlockRanges.Of(batch, network);
                    foreach (var (table, writer) in writers)
                    {
                        var rows = table.RowsOf(batch);
                        foreach (var closed in await writer.WriteAsync(rows, ranges, ct).ConfigureAwait(false))
                            await committer.CommitAsync(table, closed, ct).ConfigureAwait(false);
                        WriteMetrics.Written(table, rows.Length, batch.Ranges.Count);
                    }
                    stats.BlocksWritten(batch.Ranges.Count, batch.Last.Value);
                }
            }
            foreach (var (table, writer) in writers)
            {
                if (await writer.CompleteAsync(ct).ConfigureAwait(false) is { } last)
                    await committer.CommitAsync(table, last, ct).ConfigureAwait(false);
            }
            logger.LogDebug("Piece {Piece} extracted", piece);
        }
        finally
        {
            foreach (var (_, writer) in writers)
                writer.Dispose();
        }
    }
}
