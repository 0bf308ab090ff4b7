using Amp.Core.Jobs;
using Amp.DataStore.Parquet.Writing;
using Amp.DataStore.Segments;
using Amp.Extraction.Job.Tests.Support;
using Amp.Testing;

namespace Amp.Extraction.Job.Tests;

/// <summary>A job stopped mid-backfill resumes from its registered files (reference §5.9).</summary>
public sealed class ResumeTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Fact]
    public async Task A_job_cancelled_mid_backfill_resumes_and_the_canonical_chain_covers_every_block_once()
    {
        await using var anvil = await Anvil.StartAsync();
        await AnvilChain.GenerateAsync(anvil, 120);
        var facts = await AnvilFacts.ReadAsync(anvil);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        // Slow the first run down (a burst of 40 requests, then one every 1.5 s) and close a file at every block,
        // and hand every block to the writers at once, so it is cancelled with some files registered and most blocks missing.
        var providerFile = Path.Combine(harness.Settings.ProvidersDir, "anvil.toml");
        var fast = await File.ReadAllTextAsync(providerFile);
        await File.WriteAllTextAsync(providerFile, fast + "rate_limit_per_minute = 40\n");
        var tiny = harness.Settings with { BatchRows = 1, Writer = SegmentWriterOptions.Default with { Rotation = new RotationPolicy(1, TimeSpan.FromMinutes(10)) } };

        using (var cts = new CancellationTokenSource())
        {
            var first = harness.RunAsync(new EndBlock.Latest(), settings: tiny, ct: cts.Token);
            await Eventually.UntilAsync(async () => (await harness.FilesAsync("logs")).Count >= 3 || first.IsCompleted, "the first run to register files");
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        }
        var before = (await harness.FilesAsync("blocks")).Count;
        Assert.InRange(before, 3, (int)facts.Head - 5);

        var revision = Path.GetDirectoryName(Directory.GetFiles(Path.Combine(harness.DataDir, JobHarness.Namespace, harness.Name, "blocks"), "*.parquet", SearchOption.AllDirectories)[0])!;
        var orphan = Path.Combine(revision, "000000007-00000000deadbeef.parquet");
        await File.WriteAllTextAsync(orphan, "left by a crashed writer");
        await File.WriteAllTextAsync(providerFile, fast);

        await harness.RunAsync(new EndBlock.Latest());

        Assert.False(File.Exists(orphan), "the consistency check did not delete the unregistered file");
        foreach (var table in new[] { "blocks", "transactions", "logs" })
        {
            var files = await harness.FilesAsync(table);
            var canonical = Chains.Of(files.Select(f => f.Segment))!.Canonical;
            Assert.Equal(files.Count, canonical.Count);
            Assert.Equal(0UL, canonical[0].Start);
            Assert.Equal(facts.Head, canonical[^1].End);
            for (var i = 1; i < canonical.Count; i++)
                Assert.Equal(canonical[i - 1].End + 1, canonical[i].Start);
        }
        Assert.Equal(before + 1, (await harness.FilesAsync("blocks")).Count);
        var blocks = ParquetQueries.Query($"SELECT count(*), count(DISTINCT block_num) FROM read_parquet('{harness.TableGlob("blocks")}')",
            r => (Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(((long)facts.Head + 1, (long)facts.Head + 1), Assert.Single(blocks));
        Assert.Equal(facts.Transactions, ParquetQueries.Count(harness.TableGlob("transactions")));
        Assert.Equal(facts.Logs, ParquetQueries.Count(harness.TableGlob("logs")));
    }
}
