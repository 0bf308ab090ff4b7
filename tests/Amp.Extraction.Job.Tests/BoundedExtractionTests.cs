using Amp.Core.Jobs;
using Amp.Extraction.Evm.Tables;
using Amp.Extraction.Job.Tests.Support;
using Amp.Testing;
using Amp.Testing.FaultRpc;

namespace Amp.Extraction.Job.Tests;

/// <summary>A bounded materialize-raw job over an anvil chain with transactions and logs, read back with DuckDB.</summary>
public sealed class BoundedExtractionTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Fact]
    public async Task A_latest_job_writes_exactly_anvils_blocks_transactions_and_logs_in_Amps_types()
    {
        await using var anvil = await Anvil.StartAsync();
        await AnvilChain.GenerateAsync(anvil, 150);
        var facts = await AnvilFacts.ReadAsync(anvil);
        Assert.True(facts.Transactions > 100 && facts.Logs > 100, $"the generated chain is too thin: {facts}");
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);

        var run = await harness.RunAsync(new EndBlock.Latest());

        Assert.Equal((long)facts.Head + 1, ParquetQueries.Count(harness.TableGlob("blocks")));
        Assert.Equal(facts.Transactions, ParquetQueries.Count(harness.TableGlob("transactions")));
        Assert.Equal(facts.Logs, ParquetQueries.Count(harness.TableGlob("logs")));
        var hashes = ParquetQueries.Query($"SELECT '0x' || lower(hex(hash)) FROM read_parquet('{harness.TableGlob("blocks")}') ORDER BY block_num", r => r.GetString(0));
        Assert.Equal(facts.Hashes, hashes);
        foreach (var (table, schema) in EvmTables.All)
            Assert.Equal(ParquetQueries.Expected(schema), ParquetQueries.Columns(harness.TableGlob(table)));

        foreach (var table in EvmTables.All.Keys)
        {
            var file = Assert.Single(await harness.FilesAsync(table));
            Assert.Equal((0UL, facts.Head), (file.Segment.Start, file.Segment.End));
            Assert.Equal(facts.Hashes[^1], file.Segment.Range.Hash.ToString());
            var progress = JobHarness.TableProgress(run.Reports[^1], table);
            Assert.Equal(0UL, progress["start_block"]!.GetValue<ulong>());
            Assert.Equal(facts.Head, progress["current_block"]!.GetValue<ulong>());
            Assert.Equal(1, progress["files_count"]!.GetValue<int>());
            Assert.Equal(file.Segment.SizeBytes, progress["total_size_bytes"]!.GetValue<long>());
        }
        Assert.Equal(3L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM footer_cache c JOIN file_metadata f ON f.id = c.file_id WHERE f.url LIKE '%/' || $1 || '/%'", harness.Name));
    }

    [Fact]
    public async Task A_job_ending_below_the_head_stops_at_its_end_block_and_a_rerun_adds_nothing()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(30);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);

        await harness.RunAsync(new EndBlock.Absolute(20));
        await harness.RunAsync(new EndBlock.BehindHead(15));

        Assert.Equal(21L, ParquetQueries.Count(harness.TableGlob("blocks")));
        var file = Assert.Single(await harness.FilesAsync("blocks"));
        Assert.Equal((0UL, 20UL), (file.Segment.Start, file.Segment.End));
    }

    [Fact]
    public async Task Two_partitions_write_adjacent_files_that_form_one_canonical_chain()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(4499);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);

        await harness.RunAsync(new EndBlock.Latest(), parallelism: 2);

        foreach (var table in EvmTables.All.Keys)
        {
            var files = (await harness.FilesAsync(table)).OrderBy(f => f.Segment.Start).ToList();
            Assert.Equal([(0UL, 2249UL), (2250UL, 4499UL)], files.Select(f => (f.Segment.Start, f.Segment.End)));
            Assert.Equal(files.Count, Amp.DataStore.Segments.Chains.Of(files.Select(f => f.Segment))!.Canonical.Count);
        }
        Assert.Equal(4500L, ParquetQueries.Count(harness.TableGlob("blocks")));
    }

    [Fact]
    public async Task An_end_block_before_the_start_is_fatal_and_writes_nothing()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(5);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);

        var failure = await Assert.ThrowsAsync<Amp.Worker.Jobs.JobFailedException>(() => harness.RunAsync(new EndBlock.BehindHead(10)));

        Assert.Equal(("INVALID_END_BLOCK", false), (failure.ErrorCode, failure.Retryable));
        Assert.Contains("-10", failure.Message, StringComparison.Ordinal);
        Assert.Empty(harness.FilesOnDisk());
    }

    [Fact]
    public async Task A_provider_with_no_blocks_ends_the_job_completed_with_nothing_written()
    {
        await using var server = await FaultRpcServer.StartAsync(ChainData.Empty());
        using var harness = await JobHarness.CreateAsync(db, server.Url);

        await harness.RunAsync(new EndBlock.Latest());

        Assert.Empty(harness.FilesOnDisk());
        foreach (var table in EvmTables.All.Keys)
            Assert.Empty(await harness.FilesAsync(table));
        Assert.Contains(server.Requests, r => r.Method == "eth_getBlockByNumber" && r.FirstParams[0] == "latest");
    }
}
