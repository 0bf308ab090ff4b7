using Amp.DataStore.Ranges;
using static Amp.DataStore.Tests.Segments.TestSegments;

namespace Amp.DataStore.Tests.Ranges;

public class RangePartitioningTests
{
    public static TheoryData<BlockSpan[], int, ulong, BlockSpan[][]> AmpCases => new()
    {
        { [Span(0, 10)], 2, 4, [[Span(0, 5)], [Span(6, 10)]] },
        { [Span(1, 5), Span(10, 15), Span(20, 25)], 1, 5, [[Span(1, 5), Span(10, 15), Span(20, 25)]] },
        { [Span(1, 10), Span(11, 20), Span(21, 30)], 3, 5, [[Span(1, 10)], [Span(11, 20)], [Span(21, 30)]] },
        { [Span(1, 30)], 3, 5, [[Span(1, 10)], [Span(11, 20)], [Span(21, 30)]] },
        { [Span(0, 9), Span(20, 29)], 4, 5, [[Span(0, 4)], [Span(5, 9)], [Span(20, 24)], [Span(25, 29)]] },
        { [Span(1, 5), Span(6, 10), Span(11, 15), Span(16, 20)], 4, 10, [[Span(1, 5), Span(6, 10)], [Span(11, 15), Span(16, 20)]] },
        { [Span(1, 100)], 2, 10, [[Span(1, 50)], [Span(51, 100)]] },
        { [Span(1, 5), Span(11, 20)], 5, 10, [[Span(1, 5), Span(11, 15)], [Span(16, 20)]] },
        { [Span(1, 100)], 4, 10, [[Span(1, 25)], [Span(26, 50)], [Span(51, 75)], [Span(76, 100)]] },
        { [], 4, 10, [] },
    };

    [Theory]
    [MemberData(nameof(AmpCases))]
    public void Split_and_partition(BlockSpan[] input, int n, ulong min, BlockSpan[][] expected)
    {
        var actual = RangePartitioning.SplitAndPartition(input, n, min);
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i]);
    }

    [Fact]
    public void Default_minimum_keeps_a_small_backfill_in_one_partition()
    {
        var partitions = RangePartitioning.SplitAndPartition([Span(0, 4999)], 4);
        Assert.Equal([[Span(0, 1999)], [Span(2000, 3999)], [Span(4000, 4999)]], partitions);
    }

    [Fact]
    public void Zero_partitions_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RangePartitioning.SplitAndPartition([Span(0, 10)], 0));

    [Fact]
    public void Random_inputs_keep_every_block_once_and_obey_the_size_rules()
    {
        var rng = new Random(12);
        for (var sample = 0; sample < 2000; sample++)
        {
            var spans = RandomSpans(rng);
            var n = rng.Next(1, 8);
            var min = (ulong)rng.Next(1, 40);
            var partitions = RangePartitioning.SplitAndPartition(spans, n, min);

            var flattened = partitions.SelectMany(p => p).ToList();
            Assert.Equal(BlockSpans.Merge(spans), BlockSpans.Merge(flattened));
            Assert.Equal(BlockSpans.Total(spans), BlockSpans.Total(flattened));
            Assert.True(partitions.Count <= n, $"sample {sample}: {partitions.Count} partitions for n={n}");
            Assert.All(partitions.SkipLast(1), p => Assert.True(BlockSpans.Total(p) >= min, $"sample {sample}"));
            Assert.True(flattened.Zip(flattened.Skip(1)).All(pair => pair.First.End < pair.Second.Start), $"sample {sample}");
        }
    }

    private static List<BlockSpan> RandomSpans(Random rng)
    {
        var spans = new List<BlockSpan>();
        var next = (ulong)rng.Next(0, 20);
        for (var i = rng.Next(0, 6); i > 0; i--)
        {
            var end = next + (ulong)rng.Next(0, 60);
            spans.Add(Span(next, end));
            next = end + 2 + (ulong)rng.Next(0, 20);
        }
        return spans;
    }

    public static TheoryData<BlockSpan[], ulong, BlockSpan[]> LimitCases => new()
    {
        { [Span(1, 5)], 10, [Span(1, 5)] },
        { [Span(1, 5)], 5, [Span(1, 5)] },
        { [Span(1, 10)], 4, [Span(1, 4), Span(5, 8), Span(9, 10)] },
        { [Span(1, 10), Span(15, 18)], 4, [Span(1, 4), Span(5, 8), Span(9, 10), Span(15, 18)] },
        { [Span(1_500_000, 3_600_000)], 1_000_000, [Span(1_500_000, 2_499_999), Span(2_500_000, 3_499_999), Span(3_500_000, 3_600_000)] },
    };

    [Theory]
    [MemberData(nameof(LimitCases))]
    public void Limit_ranges(BlockSpan[] input, ulong max, BlockSpan[] expected) =>
        Assert.Equal(expected, RangePartitioning.LimitRanges(input, max));

    [Fact]
    public void Limit_ranges_defaults_to_a_million_blocks() =>
        Assert.Equal([Span(0, 999_999), Span(1_000_000, 1_000_000)], RangePartitioning.LimitRanges([Span(0, 1_000_000)]));
}
