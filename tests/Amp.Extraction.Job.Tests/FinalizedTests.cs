using Amp.Extraction.Job.Tests.Support;
using Amp.Testing;

namespace Amp.Extraction.Job.Tests;

/// <summary>
/// Amp's <c>dump_finalized</c>: a continuous job of a <c>finalized_blocks_only</c> dataset follows the provider's
/// <c>finalized</c> block (anvil: head − 64), never the latest one.
/// </summary>
public sealed class FinalizedTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Fact]
    public async Task Dump_finalized_stops_at_head_minus_64_and_follows_the_finalized_block()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(70);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl, finalizedBlocksOnly: true);
        using var cts = new CancellationTokenSource();
        var context = new TestJobContext(harness.Job, harness.Node, JobHarness.Epoch);
        var kind = new MaterializeRawJob(harness.Settings, db.Db.DataSource, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        var run = kind.RunAsync(harness.Descriptor(end: null), context, cts.Token);
        await SettledAtAsync(context, 6);
        Assert.Equal(6UL, MaxBlock(harness));

        await anvil.MineAsync(10);
        await SettledAtAsync(context, 16);
        Assert.Equal(16UL, MaxBlock(harness));
        Assert.Equal(17L, ParquetQueries.Count(harness.TableGlob("blocks")));

        Assert.False(run.IsCompleted, "the continuous job ended by itself");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    /// <summary>
    /// Waits until the job has written <paramref name="block"/> and then reported three more times with the chain head
    /// (the finalized block) still there: it had every chance to go further.
    /// </summary>
    private static async Task SettledAtAsync(TestJobContext context, long block)
    {
        var reached = await Eventually.ValueAsync(() => Task.FromResult(context.Reports.Count),
            _ => context.Reports.Any(r => r["latest_block"]?.GetValue<long>() == block), $"the job to write block {block}");
        await Eventually.UntilAsync(() => context.Reports.Skip(reached).Count(r => r["chain_head"]?.GetValue<long>() == block) >= 3,
            $"three more reports with the finalized head at {block}");
    }

    private static ulong MaxBlock(JobHarness harness) =>
        ParquetQueries.Query($"SELECT max(block_num) FROM read_parquet('{harness.TableGlob("blocks")}')",
            r => Convert.ToUInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture))[0];
}
