using Amp.Core.Jobs;
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

        await anvil.ReorgAsync(1);
        await anvil.MineAsync(1);
        var facts = await AnvilFacts.ReadAsync(anvil);
        Assert.NotEqual(oldHash2, facts.Hashes[2]);
        await harness.RunAsync(new EndBlock.Latest());

        var files = await harness.FilesAsync("blocks");
        Assert.Equal(3, files.Count);
        Assert.Equal(((0UL, 2UL), oldHash2), ((files[0].Segment.Start, files[0].Segment.End), files[0].Segment.Range.Hash.ToString()));
        Assert.Equal((3UL, 3UL), (files[1].Segment.Start, files[1].Segment.End));
        Assert.Equal(((0UL, 2UL), facts.Hashes[2]), ((files[2].Segment.Start, files[2].Segment.End), files[2].Segment.Range.Hash.ToString()));

        var canonical = Chains.Of(files.Select(f => f.Segment))!.Canonical;
        Assert.Equal([files[2].Segment.Id, files[1].Segment.Id], canonical.Select(s => s.Id));
        var paths = string.Join(", ", files.Where(f => canonical.Any(c => c.Id == f.Segment.Id))
            .Select(f => $"'{Path.Combine(harness.DataDir, JobHarness.Namespace, harness.Name, "blocks", "*", f.FileName)}'"));
        var queried = ParquetQueries.Query($"SELECT block_num, '0x' || lower(hex(hash)) FROM read_parquet([{paths}]) ORDER BY block_num",
            r => (Convert.ToUInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), r.GetString(1)));
        Assert.Equal(facts.Hashes.Select((h, i) => ((ulong)i, h)), queried);
    }
}
