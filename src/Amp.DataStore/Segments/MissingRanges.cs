using Amp.DataStore.Ranges;

namespace Amp.DataStore.Segments;

/// <summary>Which blocks of a desired range a table still needs (reference §5.3 and §5.10).</summary>
public static class MissingRanges
{
    /// <summary>
    /// Subtracts the numbers of every segment, canonical or not, from <paramref name="desired"/>, adds the reorg range of
    /// the fork (clipped to <paramref name="desired"/>), and merges: sorted, non-overlapping spans.
    /// </summary>
    public static IReadOnlyList<BlockSpan> Compute(IReadOnlyCollection<Segment> segments, BlockSpan desired)
    {
        IReadOnlyList<BlockSpan> missing = [desired];
        foreach (var segment in segments)
            missing = BlockSpans.Subtract(missing, segment.Range.Numbers);

        if (Chains.Of(segments)?.ReorgRange?.Intersect(desired) is { } reorg)
            missing = [.. missing, reorg];

        return BlockSpans.Merge(missing);
    }
}
