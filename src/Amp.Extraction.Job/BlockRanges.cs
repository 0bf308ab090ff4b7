using Amp.DataStore.Ranges;
using Amp.Extraction.Evm.Rows;

namespace Amp.Extraction.Job;

/// <summary>The seam between the RPC side's block facts and the data store's ranges.</summary>
internal static class BlockRanges
{
    public static BlockRange Of(BlockRangeInfo block, string network) => new(
        new BlockSpan(block.Number.Value, block.Number.Value), network, HashOf(block.Hash), HashOf(block.ParentHash),
        (ulong)block.TimestampSeconds);

    public static IReadOnlyList<BlockRange> Of(EvmBatch batch, string network)
    {
        var ranges = new BlockRange[batch.Ranges.Count];
        for (var i = 0; i < ranges.Length; i++)
            ranges[i] = Of(batch.Ranges[i], network);
        return ranges;
    }

    private static DataStore.Ranges.BlockHash HashOf(Extraction.Evm.BlockHash hash)
    {
        Span<byte> bytes = stackalloc byte[DataStore.Ranges.BlockHash.Size];
        hash.CopyTo(bytes);
        return DataStore.Ranges.BlockHash.FromBytes(bytes);
    }

    /// <summary>The parts of <paramref name="spans"/> inside <paramref name="piece"/>.</summary>
    public static IReadOnlyList<BlockSpan> Within(IEnumerable<BlockSpan> spans, BlockSpan piece) =>
        spans.Select(s => s.Intersect(piece)).OfType<BlockSpan>().ToList();
}
