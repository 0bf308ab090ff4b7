using Amp.DataStore.Parquet.Writing;
using Amp.DataStore.Ranges;
using static Amp.DataStore.Tests.Parquet.TestTables;

namespace Amp.DataStore.Tests.Parquet;

public class RotationPolicyTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly RotationPolicy Policy = new(1000, TimeSpan.FromSeconds(600));
    private static readonly BlockSpan Chunk = new(0, 999_999);

    private static OpenFileState File(ulong? lastBlock, long bytes = 10, long rows = 5) => new(
        Chunk, lastBlock is { } last ? Block(0) with { Numbers = new BlockSpan(0, last), Hash = BlockHashOf(last) } : null,
        bytes, rows, Opened);

    [Fact]
    public void A_linked_block_in_the_chunk_goes_into_the_open_file() =>
        Assert.Equal(RotationReason.None, Policy.Decide(File(4), Block(5), Opened.AddSeconds(1)));

    [Fact]
    public void A_block_past_the_chunk_moves_to_the_next_chunk() =>
        Assert.Equal(RotationReason.PastChunk, Policy.Decide(File(999_999), Block(1_000_000), Opened));

    [Fact]
    public void A_block_whose_prev_hash_does_not_link_splits_the_file() =>
        Assert.Equal(RotationReason.Reorg, Policy.Decide(File(4), Block(5, fork: 1, parentFork: 1), Opened));

    [Fact]
    public void A_file_at_the_size_limit_is_split() =>
        Assert.Equal(RotationReason.Size, Policy.Decide(File(4, bytes: 1000), Block(5), Opened));

    [Fact]
    public void A_file_below_the_size_limit_is_not_split() =>
        Assert.Equal(RotationReason.None, Policy.Decide(File(4, bytes: 999), Block(5), Opened));

    [Fact]
    public void A_file_with_rows_open_for_the_flush_interval_is_split() =>
        Assert.Equal(RotationReason.FlushInterval, Policy.Decide(File(4), Block(5), Opened.AddSeconds(600)));

    [Fact]
    public void A_file_without_rows_stays_open_past_the_flush_interval() =>
        Assert.Equal(RotationReason.None, Policy.Decide(File(4, rows: 0), Block(5), Opened.AddHours(1)));

    [Fact]
    public void An_empty_file_takes_any_block_of_its_chunk() =>
        Assert.Equal(RotationReason.None, Policy.Decide(File(null, bytes: 5000), Block(7, fork: 3, parentFork: 3), Opened.AddHours(1)));

    [Fact]
    public void The_chunk_is_checked_before_the_hashes() =>
        Assert.Equal(RotationReason.PastChunk, Policy.Decide(File(999_999), Block(1_000_000, fork: 1, parentFork: 1), Opened));

    [Fact]
    public void Defaults_are_amps() =>
        Assert.Equal((2L << 30, TimeSpan.FromMinutes(10)), (RotationPolicy.Default.MaxFileBytes, RotationPolicy.Default.FlushInterval));
}
