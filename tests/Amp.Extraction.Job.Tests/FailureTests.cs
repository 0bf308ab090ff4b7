using Amp.Core.Jobs;
using Amp.DataStore.Parquet.Writing;
using Amp.Extraction.Errors;
using Amp.Extraction.Job.Tests.Support;
using Amp.Testing;
using Amp.Testing.FaultRpc;
using Amp.Worker.Jobs;

namespace Amp.Extraction.Job.Tests;

/// <summary>
/// How provider failures end a job: bad data FATAL with the block, passing failures retried inside the job, a provider
/// that keeps failing ERROR (retried by the job machinery), and one failing partition ends the job at once.
/// </summary>
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

    [Fact]
    public async Task A_provider_that_keeps_failing_ends_the_job_ERROR_and_a_retry_after_it_heals_writes_every_block_once()
    {
        var chain = ChainData.Generate(30);
        await using var server = await FaultRpcServer.StartAsync(chain);
        server.Faults.NullBlock(12, times: int.MaxValue);
        using var harness = await JobHarness.CreateAsync(db, server.Url);
        // A file per block (a file closes when the next block arrives), so blocks before 12 are registered before the stream gives up at block 12.
        var perBlock = harness.Settings with { BatchRows = 1, Writer = SegmentWriterOptions.Default with { Rotation = new RotationPolicy(1, TimeSpan.FromMinutes(10)) } };

        var failure = await Assert.ThrowsAsync<JobFailedException>(() => harness.RunAsync(new EndBlock.Latest(), settings: perBlock));

        Assert.Equal((ExtractionErrorCodes.RetriesExhausted, true), (failure.ErrorCode, failure.Retryable));
        Assert.Contains("at block 12", failure.Message, StringComparison.Ordinal);
        var registered = await harness.FilesAsync("blocks");
        Assert.NotEmpty(registered);
        Assert.All(registered, f => Assert.True(f.Segment.End < 12, $"a file ends at {f.Segment.End}, past the failing block 12"));

        // ERROR is retryable: the controller schedules the job again and a worker runs the same descriptor under the same
        // job id, which is what this second run is. The provider has healed meanwhile.
        server.Faults.Clear();
        await harness.RunAsync(new EndBlock.Latest(), settings: perBlock);

        var blocks = ParquetQueries.Query($"SELECT count(*), count(DISTINCT block_num), min(block_num), max(block_num) FROM read_parquet('{harness.TableGlob("blocks")}')",
            r => (Long(r.GetValue(0)), Long(r.GetValue(1)), Long(r.GetValue(2)), Long(r.GetValue(3))));
        Assert.Equal((31L, 31L, 0L, 30L), Assert.Single(blocks));
        Assert.Equal(Enumerable.Range(0, 31).Sum(n => (long)chain.TransactionCount((ulong)n)), ParquetQueries.Count(harness.TableGlob("transactions")));
        Assert.Equal(Enumerable.Range(0, 31).Sum(n => (long)chain.LogCount((ulong)n)), ParquetQueries.Count(harness.TableGlob("logs")));
    }

    [Fact]
    public async Task A_failure_in_one_partition_ends_the_job_and_cancels_the_other_partition()
    {
        // Two partitions: 0..=1999 and 2000..=2099. The first waits on a 10-minute answer for block 0; the second
        // meets a bad receipt at block 2050. Without the fail-fast join the first would time out (30 s), retry, and
        // register its files before the job ended.
        await using var server = await FaultRpcServer.StartAsync(ChainData.Generate(2099));
        server.Faults.Slow(TimeSpan.FromMinutes(10), block: 0).WrongReceiptHash(2050);
        using var harness = await JobHarness.CreateAsync(db, server.Url);

        var failure = await Assert.ThrowsAsync<JobFailedException>(() => harness.RunAsync(new EndBlock.Latest(), parallelism: 2));

        Assert.Equal(("RECEIPT_HASH_MISMATCH", false), (failure.ErrorCode, failure.Retryable));
        Assert.Contains("at block 2050", failure.Message, StringComparison.Ordinal);
        foreach (var table in new[] { "blocks", "transactions", "logs" })
            Assert.Empty(await harness.FilesAsync(table));
        Assert.Contains(server.Requests, r => r.Method == "eth_getBlockByNumber" && r.FirstParams[0] == "0x0");
    }

    private static long Long(object value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
}
