using Amp.DataStore.Segments;
using static Amp.DataStore.Tests.Segments.TestSegments;

namespace Amp.DataStore.Tests.Segments;

/// <summary>Amp's <c>chains_prop_canonical_and_fork_satisfy_invariants</c>, plus chain shape checks on arbitrary sets.</summary>
public class ChainsPropertyTests
{
    private const ulong MaxBlock = 15;

    [Fact]
    public void Chains_prop_canonical_and_fork_satisfy_invariants()
    {
        for (var seed = 0; seed < 10_000; seed++)
        {
            var rng = new Random(seed);
            var head = (ulong)rng.Next(1, (int)MaxBlock + 1);
            var canonical = RandomChain(rng, 0, head, 0);
            var others = Enumerable.Range(0, rng.Next(0, 5)).Select(_ =>
            {
                var start = (ulong)rng.Next(1, (int)head + 1);
                var end = (ulong)rng.Next((int)start, (int)head + 1);
                return RandomChain(rng, start, end, (byte)rng.Next(1, 4));
            }).ToList();
            var all = canonical.Concat(others.SelectMany(c => c)).OrderBy(_ => rng.Next()).ToList();

            var chains = Chains.Of(all)!;

            Assert.True(canonical.SequenceEqual(chains.Canonical), $"seed {seed}: canonical chain not recovered");
            if (chains.Fork is { } fork)
            {
                Assert.True(fork[^1].End > canonical[^1].End, $"seed {seed}: fork should extend past canonical end");
                Assert.True(fork[0].Start > canonical[0].Start, $"seed {seed}: fork should start after canonical start");
                Assert.True(fork[0].Start <= canonical[^1].End + 1, $"seed {seed}: fork should connect back to canonical");
                AssertLinked(fork, seed);
            }
            else
            {
                Assert.True(others.All(c => c[^1].End <= canonical[^1].End), $"seed {seed}: a longer chain was not seen as a fork");
            }
        }
    }

    [Fact]
    public void Canonical_chain_of_any_segment_set_is_hash_linked_and_ordered()
    {
        for (var seed = 0; seed < 5_000; seed++)
        {
            var rng = new Random(seed);
            var segments = Enumerable.Range(0, rng.Next(1, 12)).Select(i =>
            {
                var start = (ulong)rng.Next(0, 20);
                var end = start + (ulong)rng.Next(0, 6);
                return Seg(start, end, ((byte)rng.Next(0, 3), (byte)rng.Next(0, 3)), rng.Next(0, 4)) with { Id = new FileId(i) };
            }).ToList();

            var chains = Chains.Of(segments)!;

            Assert.Equal(segments.Min(s => s.Start), chains.Canonical[0].Start);
            AssertLinked(chains.Canonical, seed);
            Assert.All(chains.Canonical, s => Assert.Contains(s, segments));
            var missing = MissingRanges.Compute(segments, Span(0, 30));
            Assert.True(missing.Zip(missing.Skip(1)).All(p => p.First.End + 1 < p.Second.Start), $"seed {seed}: missing not merged");
        }
    }

    private static void AssertLinked(IReadOnlyList<Segment> chain, int seed)
    {
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.True(chain[i - 1].End < chain[i].Start, $"seed {seed}: chain out of order at {i}");
            Assert.True(chain[i - 1].Range.Hash == chain[i].Range.PrevHash, $"seed {seed}: chain not hash-linked at {i}");
        }
    }

    private static List<Segment> RandomChain(Random rng, ulong start, ulong end, byte fork)
    {
        var segments = new List<Segment>();
        var next = start;
        while (true)
        {
            var segmentEnd = (ulong)rng.Next((int)next, (int)end + 1);
            segments.Add(Seg(next, segmentEnd, (fork, fork), 0));
            if (segmentEnd == end)
                return segments;
            next = segmentEnd + 1;
        }
    }
}
