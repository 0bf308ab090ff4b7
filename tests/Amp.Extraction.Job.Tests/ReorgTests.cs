using Amp.Core.Jobs;
using Amp.DataStore.Ranges;
using Amp.DataStore.Segments;
using Amp.Extraction.Job.Tests.Support;
using Amp.Testing;

namespace Amp.Extraction.Job.Tests;

/// <summary>Amp's reorg expectations (reference §5.10), against a real anvil reorg.</summary>
public sealed class ReorgTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Fact]
    public async Task Anvil_rpc_reorg_with_depth_one_maintains_canonical_chain()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(2);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        await harness.RunAsync(new EndBlock.Latest());
        var oldHash2 = (await AnvilFacts.ReadAsync(anvil)).Hashes[2];
        // Amp: the first dump holds 3 blocks, in one file whose prev_hash is genesis' parent, the zero hash.
        Assert.Equal(3L, ParquetQueries.Count(harness.TableGlob("blocks")));
        var dumped = Assert.Single(await harness.FilesAsync("blocks"));
        Assert.Equal(BlockHash.Zero, dumped.Segment.Range.PrevHash);

        await anvil.ReorgAsync(1);
        await anvil.MineAsync(1);
        var facts = await AnvilFacts.ReadAsync(anvil);
        Assert.NotEqual(oldHash2, facts.Hashes[2]);
        await harness.RunAsync(new EndBlock.Latest());

        var files = await harness.FilesAsync("blocks");
        Assert.Equal(3, files.Count);
        Assert.Equal(((0UL, 2UL), oldHash2), ((files[0].Segment.Start, files[0].Segment.End), files[0].Segment.Range.Hash.ToString()));
        Assert.Equal((3UL, 3UL), (files[1].Segment.Start, files[1].Segment.End));
        Assert.Equal(BlockHash.Zero, files[0].Segment.Range.PrevHash);
        Assert.NotEqual(files[0].Segment.Range.Hash, files[1].Segment.Range.PrevHash);
        Assert.Equal(facts.Hashes[2], files[1].Segment.Range.PrevHash.ToString());
        Assert.Equal(((0UL, 2UL), facts.Hashes[2]), ((files[2].Segment.Start, files[2].Segment.End), files[2].Segment.Range.Hash.ToString()));

        var canonical = Chains.Of(files.Select(f => f.Segment))!.Canonical;
        Assert.Equal([files[2].Segment.Id, files[1].Segment.Id], canonical.Select(s => s.Id));
        Assert.Equal(facts.Hashes.Select((h, i) => ((ulong)i, h)), CanonicalBlocks(harness, files));
    }

    [Fact]
    public async Task A_depth_two_reorg_during_a_continuous_job_is_repaired_into_anvils_chain()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(5);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        using var cts = new CancellationTokenSource();
        var run = harness.RunAsync(end: null, ct: cts.Token);
        await Eventually.UntilAsync(async () => (await harness.FilesAsync("blocks")).Any(f => f.Segment.End == 5), "blocks 0..=5");

        await anvil.ReorgAsync(2);
        await anvil.MineAsync(1);
        var facts = await AnvilFacts.ReadAsync(anvil);

        await Eventually.UntilAsync(async () => CanonicalBlocks(harness, await harness.FilesAsync("blocks")).SequenceEqual(facts.Hashes.Select((h, i) => ((ulong)i, h))),
            "the canonical chain to be anvil's chain after the reorg");
        Assert.False(run.IsCompleted, "the continuous job ended");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    /// <summary>(number, hash) of every block in the canonical files of the table, as DuckDB reads them.</summary>
    private static List<(ulong, string)> CanonicalBlocks(JobHarness harness, IReadOnlyList<Amp.MetadataDb.Datasets.RegisteredFile> files)
    {
        if (Chains.Of(files.Select(f => f.Segment)) is not { } chains)
            return [];
        var paths = string.Join(", ", files.Where(f => chains.Canonical.Any(c => c.Id == f.Segment.Id))
            .Select(f => $"'{Path.Combine(harness.DataDir, JobHarness.Namespace, harness.Name, "blocks", "*", f.FileName)}'"));
        return ParquetQueries.Query($"SELECT block_num, '0x' || lower(hex(hash)) FROM read_parquet([{paths}]) ORDER BY block_num",
            r => (Convert.ToUInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), r.GetString(1)));
    }
}
