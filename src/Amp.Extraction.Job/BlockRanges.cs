using Amp.DataStore.Ranges;
using Amp.Extraction.Evm.Rows;

namespace Amp.Extraction.Job;

/// <summary>The seam between the RPC side's block facts and the data store's ranges (one <see cref="BlockHash"/> type on both sides).</summary>
internal static class BlockRanges
{
    public static BlockRange Of(BlockRangeInfo block, string network) => new(
        new BlockSpan(block.Number.Value, block.Number.Value), network, block.Hash, block.ParentHash,
        (ulong)block.TimestampSeconds);

    public static IReadOnlyList<BlockRange> Of(EvmBatch batch, string network)
    {
        var ranges = new BlockRange[batch.Ranges.Count];
        for (var i = 0; i < ranges.Length; i++)
            ranges[i] = Of(batch.Ranges[i], network);
        return ranges;
    }

    /// <summary>The parts of <paramref name="spans"/> inside <paramref name="piece"/>.</summary>
    public static IReadOnlyList<BlockSpan> Within(IEnumerable<BlockSpan> spans, BlockSpan piece) =>
        spans.Select(s => s.Intersect(piece)).OfType<BlockSpan>().ToList();
}
