using Amp.DataStore.Ranges;
using Amp.DataStore.Segments;
using static Amp.DataStore.Tests.Segments.TestSegments;

namespace Amp.DataStore.Tests.Segments;

/// <summary>The cases of Amp's <c>missing_ranges_includes_gaps_and_reorg_ranges</c>: segment i is on fork (i, i).</summary>
public class MissingRangesTests
{
    public static TheoryData<BlockSpan[], BlockSpan, BlockSpan[]> AmpCases => new()
    {
        { [], Span(0, 10), [Span(0, 10)] },
        { [Span(0, 10)], Span(0, 10), [] },
        { [Span(0, 5)], Span(10, 15), [Span(10, 15)] },
        { [Span(3, 7)], Span(0, 10), [Span(0, 2), Span(8, 10)] },
        { [Span(0, 15)], Span(5, 10), [] },
        { [Span(5, 15)], Span(0, 10), [Span(0, 4)] },
        { [Span(0, 5)], Span(0, 10), [Span(6, 10)] },
        { [Span(0, 5), Span(8, 8)], Span(0, 10), [Span(6, 7), Span(9, 10)] },
        { [Span(1, 2), Span(4, 4), Span(8, 9)], Span(0, 10), [Span(0, 0), Span(3, 3), Span(5, 7), Span(10, 10)] },
        { [Span(0, 8), Span(2, 4)], Span(0, 10), [Span(9, 10)] },
        { [Span(0, 3), Span(5, 7)], Span(0, 10), [Span(4, 4), Span(8, 10)] },
        { [Span(0, 3), Span(2, 5), Span(4, 7)], Span(0, 10), [Span(0, 3), Span(8, 10)] },
        { [Span(0, 2), Span(1, 3)], Span(0, 3), [Span(0, 0)] },
        { [Span(0, 2), Span(2, 3)], Span(0, 2), [Span(0, 1)] },
        { [Span(0, 3), Span(5, 7), Span(2, 12)], Span(0, 15), [Span(0, 1), Span(13, 15)] },
        { [Span(0, 5), Span(3, 8)], Span(0, 7), [Span(0, 2)] },
        { [Span(0, 20), Span(10, 30)], Span(12, 18), [] },
        { [Span(0, 5), Span(3, 8)], Span(2, 7), [Span(2, 2)] },
    };

    [Theory]
    [MemberData(nameof(AmpCases))]
    public void Missing_ranges_includes_gaps_and_reorg_ranges(BlockSpan[] synced, BlockSpan desired, BlockSpan[] expected)
    {
        var segments = synced.Select((s, i) => Seg(s.Start, s.End, ((byte)i, (byte)i), 0)).ToList();
        Assert.Equal(expected, MissingRanges.Compute(segments, desired));
    }
}
