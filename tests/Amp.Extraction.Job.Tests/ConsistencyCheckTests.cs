using Amp.Core.Jobs;
using Amp.Extraction.Job.Tests.Support;
using Amp.Testing;
using Amp.Testing.FaultRpc;
using Amp.Worker.Jobs;

namespace Amp.Extraction.Job.Tests;

/// <summary>Amp's start-of-job consistency check (reference §5.1): a registered file missing from storage is FATAL.</summary>
public sealed class ConsistencyCheckTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Fact]
    public async Task A_registered_file_missing_from_storage_ends_the_next_run_FATAL_naming_it_and_registers_nothing_new()
    {
        await using var server = await FaultRpcServer.StartAsync(ChainData.Generate(10));
        using var harness = await JobHarness.CreateAsync(db, server.Url);
        await harness.RunAsync(new EndBlock.Absolute(5));
        var lost = Assert.Single(await harness.FilesAsync("blocks"));
        File.Delete(Assert.Single(Directory.GetFiles(Path.Combine(harness.DataDir, JobHarness.Namespace, harness.Name, "blocks"), lost.FileName, SearchOption.AllDirectories)));
        var before = await db.ScalarAsync<long>("SELECT count(*) FROM file_metadata WHERE url LIKE '%/' || $1 || '/%'", harness.Name);

        var failure = await Assert.ThrowsAsync<JobFailedException>(() => harness.RunAsync(new EndBlock.Latest()));

        Assert.Equal((ConsistencyCheck.ErrorCode, false), (failure.ErrorCode, failure.Retryable));
        Assert.Contains(lost.FileName, failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await db.ScalarAsync<long>("SELECT count(*) FROM file_metadata WHERE url LIKE '%/' || $1 || '/%'", harness.Name));
        Assert.Equal([lost.Segment.Id], (await harness.FilesAsync("blocks")).Select(f => f.Segment.Id));
    }
}
