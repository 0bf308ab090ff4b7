using Amp.DataStore.Segments;
using static Amp.DataStore.Tests.Segments.TestSegments;

namespace Amp.DataStore.Tests.Segments;

/// <summary>The cases of Amp's <c>chains_computes_canonical_and_fork</c> and the §5.10 example.</summary>
public class ChainsTests
{
    public static TheoryData<string, Segment[], Segment[], Segment[]?> AmpCases => new()
    {
        { "single segment", [Seg(0, 0, (0, 0), 0)], [Seg(0, 0, (0, 0), 0)], null },
        { "2 adjacent segments", [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 0), 0)], [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 0), 0)], null },
        {
            "3 adjacent segments",
            [Seg(0, 1, (0, 0), 0), Seg(2, 3, (0, 0), 0), Seg(4, 5, (0, 0), 0)],
            [Seg(0, 1, (0, 0), 0), Seg(2, 3, (0, 0), 0), Seg(4, 5, (0, 0), 0)], null
        },
        { "non-adjacent segments", [Seg(0, 2, (0, 0), 0), Seg(5, 7, (0, 0), 0)], [Seg(0, 2, (0, 0), 0)], null },
        {
            "multiple non-adjacent segments",
            [Seg(5, 7, (0, 0), 0), Seg(0, 2, (0, 0), 0), Seg(10, 12, (0, 0), 0)], [Seg(0, 2, (0, 0), 0)], null
        },
        {
            "overlapping segments outside canonical",
            [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 0), 0), Seg(4, 5, (0, 0), 0), Seg(4, 6, (0, 0), 0), Seg(3, 6, (0, 0), 1)],
            [Seg(0, 2, (0, 0), 0), Seg(3, 6, (0, 0), 1)], null
        },
        {
            "simple fork at start block",
            [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 0), 0), Seg(3, 6, (1, 0), 0)],
            [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 0), 0)], [Seg(3, 6, (1, 0), 0)]
        },
        {
            "reorg of multiple segments",
            [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 0), 0), Seg(3, 5, (1, 1), 0), Seg(6, 8, (1, 0), 0), Seg(6, 8, (0, 0), 0)],
            [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 0), 0), Seg(6, 8, (0, 0), 0)], null
        },
        {
            "fork of multiple segments",
            [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 0), 0), Seg(3, 5, (1, 1), 0), Seg(6, 9, (1, 0), 0), Seg(6, 8, (0, 0), 0)],
            [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 0), 0), Seg(6, 8, (0, 0), 0)], [Seg(3, 5, (1, 1), 0), Seg(6, 9, (1, 0), 0)]
        },
        {
            "simple reorg at timestamp",
            [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 1), 1), Seg(3, 5, (0, 0), 0)],
            [Seg(0, 2, (0, 0), 0), Seg(3, 5, (0, 1), 1)], null
        },
        {
            "multiple reorgs past canonical",
            [Seg(0, 3, (0, 0), 0), Seg(4, 6, (1, 1), 1), Seg(4, 8, (0, 0), 2), Seg(7, 9, (1, 1), 3), Seg(4, 9, (2, 2), 4)],
            [Seg(0, 3, (0, 0), 0), Seg(4, 8, (0, 0), 2)], [Seg(4, 9, (2, 2), 4)]
        },
        {
            "multi-segment fork extending past canonical",
            [Seg(0, 3, (0, 0), 0), Seg(4, 5, (1, 1), 1), Seg(6, 7, (1, 1), 2), Seg(8, 9, (1, 1), 3)],
            [Seg(0, 3, (0, 0), 0)], [Seg(4, 5, (1, 1), 1), Seg(6, 7, (1, 1), 2), Seg(8, 9, (1, 1), 3)]
        },
        // Amp's last case, its regression test (segments.rs, chains_computes_canonical_and_fork), with its own timestamps:
        // the newer, compacted [6-10] stays canonical and the post-reorg [6-10'] → [11-15] is the fork. An audit named
        // another last case ("maximizes end block": equal timestamps, canonical [0-5, 6-10', 11-15], no fork). The reference
        // states neither case (§5.10 gives only the algorithm: newest first among equal starts, not the longest chain, so
        // equal timestamps leave the choice to the sort), and both versions of Amp's segments.rs we could read end with
        // this case; so it stays as Amp has it.
        {
            "fork does not extend back past the divergence point",
            [Seg(0, 5, (0, 0), 0), Seg(6, 10, (0, 0), 2), Seg(3, 5, (0, 0), 0), Seg(6, 10, (0, 1), 1), Seg(11, 15, (1, 1), 1)],
            [Seg(0, 5, (0, 0), 0), Seg(6, 10, (0, 0), 2)], [Seg(6, 10, (0, 1), 1), Seg(11, 15, (1, 1), 1)]
        },
    };

    [Theory]
    [MemberData(nameof(AmpCases))]
    public void Chains_computes_canonical_and_fork(string name, Segment[] segments, Segment[] canonical, Segment[]? fork)
    {
        var chains = Chains.Of(segments);
        Assert.NotNull(chains);
        Assert.True(canonical.SequenceEqual(chains.Canonical), $"{name}: canonical");
        if (fork is null)
            Assert.True(chains.Fork is null, $"{name}: no fork expected");
        else
            Assert.True(chains.Fork is not null && fork.SequenceEqual(chains.Fork), $"{name}: fork");
    }

    [Fact]
    public void No_segments_give_no_chains() => Assert.Null(Chains.Of([]));

    [Fact]
    public void Newest_file_wins_among_files_with_equal_start_and_time_by_id()
    {
        var older = Seg(0, 2, (0, 0), 5) with { Id = new FileId(7) };
        var newer = Seg(0, 2, (0, 1), 5) with { Id = new FileId(8) };
        Assert.Equal([newer], Chains.Of([older, newer])!.Canonical);
        Assert.Equal([newer], Chains.Of([newer, older])!.Canonical);
    }

    /// <summary>Reference §5.10, <c>anvil_rpc_reorg_with_depth_one_maintains_canonical_chain</c>, pass by pass.</summary>
    [Fact]
    public void Depth_one_reorg_is_repaired_by_re_extracting_the_segment_before_the_fork()
    {
        var first = Seg(0, 2, (0, 0), 1);     // dump 0..=2, old block 2
        var head = Seg(3, 3, (1, 1), 2);      // after the reorg: block 3 links to block 2'
        var afterPass1 = Chains.Of([first, head])!;
        Assert.Equal([first], afterPass1.Canonical);
        Assert.Equal([head], afterPass1.Fork);
        Assert.Equal(Span(0, 2), afterPass1.ReorgRange);
        Assert.Equal([Span(0, 2)], MissingRanges.Compute([first, head], Span(0, 3)));

        var repaired = Seg(0, 2, (0, 1), 3);  // re-extracted 0..=2', newer
        var afterPass2 = Chains.Of([first, head, repaired])!;
        Assert.Equal([repaired, head], afterPass2.Canonical);
        Assert.Null(afterPass2.Fork);
        Assert.Empty(MissingRanges.Compute([first, head, repaired], Span(0, 3)));
    }
}
