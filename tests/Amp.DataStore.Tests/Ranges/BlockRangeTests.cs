using Amp.DataStore.Ranges;

namespace Amp.DataStore.Tests.Ranges;

public class BlockRangeTests
{
    private static BlockHash Filled(byte value) => BlockHash.FromBytes(Enumerable.Repeat(value, 32).ToArray());

    private static BlockRange Range(ulong start, ulong end, byte hash, byte prev, string network = "test") =>
        new(new BlockSpan(start, end), network, Filled(hash), Filled(prev), null);

    [Fact]
    public void Adjacent_allows_consecutive_blocks_with_matching_hashes() =>
        Assert.True(Range(5, 7, 1, 0).Adjacent(Range(8, 10, 2, 1)));

    [Fact]
    public void Adjacent_allows_gaps_with_matching_hashes() =>
        Assert.True(Range(5, 7, 1, 0).Adjacent(Range(10, 12, 2, 1)));

    [Fact]
    public void Adjacent_rejects_mismatched_hashes() =>
        Assert.False(Range(5, 7, 1, 0).Adjacent(Range(8, 10, 2, 99)));

    [Fact]
    public void Adjacent_rejects_different_networks() =>
        Assert.False(Range(5, 7, 1, 0, "mainnet").Adjacent(Range(8, 10, 2, 1, "sepolia")));

    [Fact]
    public void Adjacent_rejects_overlapping_ranges() =>
        Assert.False(Range(5, 10, 1, 0).Adjacent(Range(8, 12, 2, 1)));

    [Fact]
    public void Adjacent_rejects_reversed_order() =>
        Assert.False(Range(10, 12, 1, 0).Adjacent(Range(5, 7, 2, 1)));

    [Fact]
    public void Extending_keeps_start_and_prev_hash_and_takes_end_hash_and_timestamp()
    {
        var first = Range(5, 5, 1, 0) with { Timestamp = 100 };
        var grown = first.ExtendTo(Range(6, 6, 2, 1) with { Timestamp = 112 });
        Assert.Equal(new BlockSpan(5, 6), grown.Numbers);
        Assert.Equal(Filled(0), grown.PrevHash);
        Assert.Equal(Filled(2), grown.Hash);
        Assert.Equal(112UL, grown.Timestamp);
    }

    [Fact]
    public void An_empty_span_is_refused() =>
        Assert.Throws<ArgumentException>(() => new BlockSpan(5, 4));

    [Theory]
    [InlineData("0x00000000000000000000000000000000000000000000000000000000000000ff")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000FF")]
    public void Hash_parses_with_or_without_prefix_and_prints_lowercase_with_prefix(string text)
    {
        Assert.True(BlockHash.TryParse(text, out var hash, out var error), error);
        Assert.Equal("0x00000000000000000000000000000000000000000000000000000000000000ff", hash.ToString());
        Assert.Equal(0xff, hash.ToArray()[31]);
    }

    [Theory]
    [InlineData("0x1234", "64 hex digits")]
    [InlineData("0xzz000000000000000000000000000000000000000000000000000000000000ff", "not hexadecimal")]
    public void Hash_of_wrong_shape_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(BlockHash.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }
}
