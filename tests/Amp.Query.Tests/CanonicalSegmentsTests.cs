using Amp.DataStore.Segments;
using Amp.Query.Catalog;
using static Amp.DataStore.Tests.Segments.TestSegments;

namespace Amp.Query.Tests;

public sealed class CanonicalSegmentsTests
{
    [Fact]
    public void A_reorg_repair_reads_the_repaired_chain_and_never_the_replaced_file()
    {
        // Amp's depth-one reorg: [0-2], then [3-3] on the fork, then [0-2'] re-extracted and newer.
        var original = Seg(0, 2, (0, 0), 1000);
        var tip = Seg(3, 3, (1, 1), 2000);
        var repaired = Seg(0, 2, (0, 1), 3000);
        Assert.Equal([repaired, tip], CanonicalSegments.Of([original, tip, repaired], datasetStartBlock: 0));
    }

    [Fact]
    public void A_chain_that_starts_after_the_start_block_reads_as_empty()
    {
        var later = Seg(10, 19, (0, 0), 1000);
        Assert.Empty(CanonicalSegments.Of([later], datasetStartBlock: 0));
        Assert.Equal([later], CanonicalSegments.Of([later], datasetStartBlock: null));
        Assert.Equal([later], CanonicalSegments.Of([later], datasetStartBlock: 10));
    }

    [Fact]
    public void Hash_linked_segments_with_a_gap_stay_canonical_and_an_unlinked_one_does_not()
    {
        var first = Seg(0, 4, (0, 0), 1000);
        var linkedAfterGap = new Segment(new FileId(2), SegmentFileName.ForStart(7, 0),
            new Amp.DataStore.Ranges.BlockRange(Span(7, 9), "test", Hash(9, 0), Hash(4, 0), null), DateTimeOffset.FromUnixTimeMilliseconds(1000), 0);
        var unlinked = Seg(10, 12, (5, 5), 1000);
        Assert.Equal([first, linkedAfterGap], CanonicalSegments.Of([unlinked, linkedAfterGap, first], datasetStartBlock: 0));
        Assert.Empty(CanonicalSegments.Of([], datasetStartBlock: 0));
    }
}
