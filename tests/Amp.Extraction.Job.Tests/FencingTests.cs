using Amp.Core.Jobs;
using Amp.Core.Workers;
using Amp.Extraction.Job.Tests.Support;
using Amp.MetadataDb.Datasets;
using Amp.Testing;
using Amp.Worker.Jobs;

namespace Amp.Extraction.Job.Tests;

/// <summary>DESIGN.md §9: a file is registered only while the job belongs to the committing node and epoch.</summary>
public sealed class FencingTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Fact]
    public async Task A_zombie_incarnations_file_is_never_registered_and_the_next_owner_deletes_it()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(10);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        await harness.MoveToEpochAsync(new Epoch(2));

        await Assert.ThrowsAsync<JobLostException>(() => harness.RunAsync(new EndBlock.Latest(), epoch: new Epoch(1)));

        Assert.Empty(await harness.FilesAsync("blocks"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM file_metadata WHERE url LIKE '%/' || $1 || '/%'", harness.Name));
        var zombieFiles = harness.FilesOnDisk();
        Assert.NotEmpty(zombieFiles);

        await harness.RunAsync(new EndBlock.Latest(), epoch: new Epoch(2));

        Assert.All(zombieFiles, f => Assert.False(File.Exists(f), $"{f} of the zombie is still there"));
        Assert.Equal(3, harness.FilesOnDisk().Count);
        Assert.Equal(11L, ParquetQueries.Count(harness.TableGlob("blocks")));
    }

    [Fact]
    public async Task A_job_no_longer_running_refuses_commits_and_a_retry_reuses_the_revision()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(3);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        var tables = new PhysicalTableRepository(db.Db.DataSource);
        var first = await tables.GetOrCreateActiveAsync(JobHarness.Namespace, harness.Name, harness.ManifestHash, "blocks", harness.Job, CancellationToken.None);
        await db.ExecuteAsync("UPDATE jobs_status SET status = 'STOPPED' WHERE job_id = $1", harness.Job.Value);

        await Assert.ThrowsAsync<JobLostException>(() => harness.RunAsync(new EndBlock.Latest()));

        var again = await tables.GetOrCreateActiveAsync(JobHarness.Namespace, harness.Name, harness.ManifestHash, "blocks", harness.Job, CancellationToken.None);
        Assert.True(first.Created);
        Assert.Equal((first.Id, first.Path, false), (again.Id, again.Path, again.Created));
        Assert.Empty(await harness.FilesAsync("blocks"));
        var other = await tables.GetOrCreateActiveAsync(JobHarness.Namespace, harness.Name, new string('a', 64), "blocks", harness.Job, CancellationToken.None);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(harness.Job.Value, await db.ScalarAsync<long>("SELECT writer FROM physical_table_revisions WHERE id = $1", first.Id.Value));
    }
}
