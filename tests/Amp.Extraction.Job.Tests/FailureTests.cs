using Amp.Core.Jobs;
using Amp.Extraction.Job.Tests.Support;
using Amp.Testing;
using Amp.Testing.FaultRpc;
using Amp.Worker.Jobs;

namespace Amp.Extraction.Job.Tests;

/// <summary>How provider failures end a job: bad data FATAL with the block, passing failures retried inside the job.</summary>
public sealed class FailureTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Fact]
    public async Task A_receipt_that_does_not_match_its_transaction_ends_the_job_FATAL_naming_the_block_with_nothing_registered()
    {
        await using var server = await FaultRpcServer.StartAsync(ChainData.Generate(20));
        server.Faults.WrongReceiptHash(7);
        using var harness = await JobHarness.CreateAsync(db, server.Url);

        var failure = await Assert.ThrowsAsync<JobFailedException>(() => harness.RunAsync(new EndBlock.Latest()));

        Assert.Equal(("RECEIPT_HASH_MISMATCH", false), (failure.ErrorCode, failure.Retryable));
        Assert.Contains("at block 7", failure.Message, StringComparison.Ordinal);
        foreach (var table in new[] { "blocks", "transactions", "logs" })
            Assert.Empty(await harness.FilesAsync(table));
    }

    [Fact]
    public async Task A_null_block_and_a_slow_answer_are_retried_and_the_job_completes_with_every_row()
    {
        var chain = ChainData.Generate(30);
        await using var server = await FaultRpcServer.StartAsync(chain);
        server.Faults.NullBlock(12, times: 2).Slow(TimeSpan.FromMilliseconds(300), times: 3);
        using var harness = await JobHarness.CreateAsync(db, server.Url);

        await harness.RunAsync(new EndBlock.Latest());

        Assert.Equal(31L, ParquetQueries.Count(harness.TableGlob("blocks")));
        Assert.Equal(Enumerable.Range(0, 31).Sum(n => (long)chain.TransactionCount((ulong)n)), ParquetQueries.Count(harness.TableGlob("transactions")));
        Assert.Equal(Enumerable.Range(0, 31).Sum(n => (long)chain.LogCount((ulong)n)), ParquetQueries.Count(harness.TableGlob("logs")));
    }

    [Fact]
    public async Task A_continuous_job_follows_the_head_until_it_is_cancelled()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(5);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        using var cts = new CancellationTokenSource();

        var run = harness.RunAsync(end: null, ct: cts.Token);
        await Eventually.UntilAsync(async () => (await harness.FilesAsync("blocks")).Any(f => f.Segment.End == 5), "blocks 0..=5");
        await anvil.MineAsync(3);
        await Eventually.UntilAsync(async () => (await harness.FilesAsync("blocks")).Any(f => f.Segment.End == 8), "the new head 8");
        Assert.False(run.IsCompleted, "a continuous job ended by itself");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(9L, ParquetQueries.Count(harness.TableGlob("blocks")));
    }
}
