using System.Globalization;
using Amp.Core.Jobs;
using Amp.Extraction.Job.Tests.Support;
using Amp.Testing;

namespace Amp.Extraction.Job.Tests;

/// <summary>
/// Amp's <c>rpc_reorg_prop</c>, on a real anvil: random rounds of mine 1–3 / dump / reorg of depth d / dump at the same
/// height (the table must not change: nothing new was asked for) / mine 1 / up to d dumps. After every dump the
/// canonical <c>blocks</c> are a valid hash chain of dumped-head + 1 blocks; a depth-d reorg is repaired within d dumps
/// into exactly anvil's chain. Four fixed seeds run one after the other (<c>AMP_REORG_PROP_SEED</c> runs that one seed
/// instead); a failure names its seed.
/// </summary>
public sealed class ReorgPropertyTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    /// <summary>Each seed runs its rounds on a fresh anvil and dataset.</summary>
    private static readonly int[] DefaultSeeds = [1206, 2718, 31415, 4242];
    private const int Rounds = 4;
    private const ulong MaxDepth = 3;
    private static readonly string GenesisParent = "0x" + new string('0', 64);

    [Fact]
    public async Task Random_mine_reorg_dump_rounds_keep_a_valid_hash_chain_and_repair_a_depth_d_reorg_within_d_dumps()
    {
        int[] seeds = Environment.GetEnvironmentVariable("AMP_REORG_PROP_SEED") is { Length: > 0 } s
            ? [int.Parse(s, CultureInfo.InvariantCulture)] : DefaultSeeds;
        foreach (var seed in seeds)
        {
            var log = new List<string>();
            try
            {
                await RunRoundsAsync(new Random(seed), log);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException(
                    $"rpc_reorg_prop failed with seed {seed} (rerun with AMP_REORG_PROP_SEED={seed}): {ex.Message}\nsteps: {string.Join("; ", log)}", ex);
            }
        }
    }

    private async Task RunRoundsAsync(Random random, List<string> log)
    {
        await using var anvil = await Anvil.StartAsync();
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        for (var round = 0; round < Rounds; round++)
        {
            var mined = (ulong)random.Next(1, 4);
            await anvil.MineAsync(mined);
            await DumpAsync(harness, log, $"round {round}: mine {mined}");
            var facts = await AnvilFacts.ReadAsync(anvil);
            await AssertIsAnvilsChainAsync(harness, facts, "after a dump without a reorg");

            var depth = (ulong)random.Next(1, (int)Math.Min(MaxDepth, facts.Head) + 1);
            await anvil.ReorgAsync(depth);
            var reorged = await AnvilFacts.ReadAsync(anvil);
            Assert.True(reorged.Hashes[^1] != facts.Hashes[^1], $"anvil_reorg {depth} left the head hash {facts.Hashes[^1]} unchanged");
            var before = await harness.CanonicalBlocksAsync();
            await DumpAsync(harness, log, $"reorg {depth} at head {facts.Head}, dump at the same height");
            Assert.Equal(before, await harness.CanonicalBlocksAsync());

            await anvil.MineAsync(1);
            var after = await AnvilFacts.ReadAsync(anvil);
            var repairedAfter = 0;
            for (var dump = 1; dump <= (int)depth; dump++)
            {
                await DumpAsync(harness, log, $"mine 1, dump {dump} of at most {depth}");
                AssertValidChain(await harness.CanonicalBlocksAsync(), after.Head);
                if (Expected(after).SequenceEqual(await harness.CanonicalBlocksAsync()))
                {
                    repairedAfter = dump;
                    break;
                }
            }
            Assert.True(repairedAfter > 0, $"a depth-{depth} reorg was not repaired within {depth} dumps");
            log.Add($"repaired after {repairedAfter} dump(s)");
            await AssertIsAnvilsChainAsync(harness, after, "after the repair");
        }
    }

    private static async Task DumpAsync(JobHarness harness, List<string> log, string step)
    {
        log.Add(step);
        await harness.RunAsync(new EndBlock.Latest());
    }

    private static async Task AssertIsAnvilsChainAsync(JobHarness harness, AnvilFacts facts, string when)
    {
        var blocks = await harness.CanonicalBlocksAsync();
        AssertValidChain(blocks, facts.Head);
        Assert.True(Expected(facts).SequenceEqual(blocks), $"{when}: the canonical blocks are not anvil's chain up to {facts.Head}");
    }

    /// <summary>Blocks 0..=head, each one's parent hash the hash of the one before.</summary>
    private static void AssertValidChain(List<(ulong Number, string Hash, string ParentHash)> blocks, ulong head)
    {
        Assert.Equal(Enumerable.Range(0, (int)head + 1).Select(n => (ulong)n), blocks.Select(b => b.Number));
        for (var i = 1; i < blocks.Count; i++)
            Assert.True(blocks[i].ParentHash == blocks[i - 1].Hash, $"block {i} does not link to block {i - 1}");
    }

    private static IEnumerable<(ulong, string, string)> Expected(AnvilFacts facts) =>
        facts.Hashes.Select((h, i) => ((ulong)i, h, i == 0 ? GenesisParent : facts.Hashes[i - 1]));
}
