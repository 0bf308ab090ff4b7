using Amp.DataStore.Ranges;
using static Amp.DataStore.Tests.Segments.TestSegments;

namespace Amp.DataStore.Tests.Ranges;

public class BlockSpansTests
{
    public static TheoryData<BlockSpan[], BlockSpan[]> MergeCases => new()
    {
        { [], [] },
        { [Span(1, 5)], [Span(1, 5)] },
        { [Span(1, 3), Span(5, 7), Span(9, 10)], [Span(1, 3), Span(5, 7), Span(9, 10)] },
        { [Span(1, 5), Span(3, 8)], [Span(1, 8)] },
        { [Span(1, 5), Span(5, 10)], [Span(1, 10)] },
        { [Span(1, 10), Span(3, 7)], [Span(1, 10)] },
        { [Span(1, 3), Span(2, 5), Span(4, 8), Span(7, 10)], [Span(1, 10)] },
        { [Span(10, 15), Span(1, 5), Span(3, 8)], [Span(1, 8), Span(10, 15)] },
        { [Span(1, 3), Span(2, 6), Span(8, 10), Span(9, 12), Span(15, 18)], [Span(1, 6), Span(8, 12), Span(15, 18)] },
        { [Span(5, 10), Span(5, 10), Span(5, 10)], [Span(5, 10)] },
        { [Span(1, 1), Span(2, 2), Span(3, 3)], [Span(1, 3)] },
        { [Span(1, 5), Span(7, 10)], [Span(1, 5), Span(7, 10)] },
        { [Span(0, ulong.MaxValue), Span(7, 10)], [Span(0, ulong.MaxValue)] },
    };

    [Theory]
    [MemberData(nameof(MergeCases))]
    public void Merge_ranges_joins_overlapping_and_adjacent(BlockSpan[] input, BlockSpan[] expected) =>
        Assert.Equal(expected, BlockSpans.Merge(input));

    public static TheoryData<BlockSpan, BlockSpan, BlockSpan[]> SubtractCases => new()
    {
        { Span(10, 20), Span(0, 5), [Span(0, 5)] },
        { Span(0, 5), Span(10, 20), [Span(10, 20)] },
        { Span(0, 10), Span(2, 8), [] },
        { Span(0, 10), Span(0, 10), [] },
        { Span(5, 10), Span(0, 7), [Span(0, 4)] },
        { Span(0, 5), Span(3, 10), [Span(6, 10)] },
        { Span(5, 10), Span(0, 15), [Span(0, 4), Span(11, 15)] },
        { Span(0, 5), Span(0, 10), [Span(6, 10)] },
        { Span(5, 10), Span(0, 10), [Span(0, 4)] },
        { Span(5, 10), Span(0, 4), [Span(0, 4)] },
        { Span(0, 5), Span(6, 10), [Span(6, 10)] },
        { Span(0, 0), Span(0, 0), [] },
        { Span(0, 0), Span(1, 1), [Span(1, 1)] },
        { Span(1, 1), Span(0, 0), [Span(0, 0)] },
        { Span(0, 2), Span(0, 3), [Span(3, 3)] },
        { Span(1, 3), Span(0, 3), [Span(0, 0)] },
    };

    [Theory]
    [MemberData(nameof(SubtractCases))]
    public void Missing_block_ranges_returns_uncovered_portions(BlockSpan covered, BlockSpan desired, BlockSpan[] expected) =>
        Assert.Equal(expected, BlockSpans.Subtract(desired, covered));

    [Fact]
    public void Total_counts_every_block() =>
        Assert.Equal(16UL, BlockSpans.Total([Span(0, 9), Span(20, 25)]));
}
