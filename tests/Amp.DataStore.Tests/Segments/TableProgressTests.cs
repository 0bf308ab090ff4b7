using Amp.DataStore.Segments;
using static Amp.DataStore.Tests.Segments.TestSegments;

namespace Amp.DataStore.Tests.Segments;

public class TableProgressTests
{
    [Fact]
    public void A_table_without_files_is_empty() =>
        Assert.Equal(TableProgress.Empty, TableProgress.Of([], 0));

    [Fact]
    public void Contiguous_canonical_files_give_their_end_count_and_size() =>
        Assert.Equal(new TableProgress(0, 9, 2, 300),
            TableProgress.Of([Seg(0, 4, (0, 0), 0, 100), Seg(5, 9, (0, 0), 0, 200)], 0));

    [Fact]
    public void A_gap_holds_the_current_block_at_the_end_of_the_contiguous_prefix()
    {
        // A later partition's file whose prev_hash links, with blocks 5..=9 not yet written.
        var progress = TableProgress.Of([Seg(0, 4, (0, 0), 0, 100), Seg(10, 14, (0, 0), 0, 50) with
        {
            Range = Range(10, 14, 0, 0) with { PrevHash = Hash(4, 0) },
        }], 0);
        Assert.Equal(new TableProgress(0, 4, 2, 150), progress);
    }

    [Fact]
    public void A_chain_that_begins_after_the_start_block_is_empty() =>
        Assert.Equal(TableProgress.Empty, TableProgress.Of([Seg(2000, 3999, (0, 0), 0, 100)], 0));

    [Fact]
    public void Files_off_the_canonical_chain_are_not_counted() =>
        Assert.Equal(new TableProgress(0, 5, 2, 30),
            TableProgress.Of([Seg(0, 2, (0, 0), 0, 10), Seg(3, 5, (0, 0), 0, 20), Seg(3, 6, (1, 0), 0, 999)], 0));

    [Fact]
    public void Without_a_start_block_the_chain_counts_from_its_first_file() =>
        Assert.Equal(new TableProgress(100, 199, 1, 7), TableProgress.Of([Seg(100, 199, (0, 0), 0, 7)], null));
}
