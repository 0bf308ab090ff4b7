namespace Ampd.Tests;

public class DuplicateStartTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    private Task<string?> RowAsync(string id) =>
        db.ScalarAsync<string>("SELECT concat_ws('|', info::text, created_at, registered_at, epoch) FROM workers WHERE node_id = $1", id);

    [Fact]
    public async Task Twenty_concurrent_starts_leave_exactly_one_running_and_its_row_untouched()
    {
        const string id = "dup-twenty";
        var workers = Enumerable.Range(0, 20).Select(_ => WorkerProcess.Start(db.Url, id)).ToList();
        try
        {
            var winner = await Eventually.ValueAsync(
                () => Task.FromResult(workers.Where(w => w.Printed("registered: epoch 1,")).ToList()),
                l => l.Count >= 1, "one worker to register", TimeSpan.FromSeconds(60));
            var row = await RowAsync(id);

            var losers = workers.Except(winner).ToList();
            foreach (var loser in losers)
            {
                Assert.Equal(1, await loser.WaitForExitAsync(TimeSpan.FromSeconds(60)));
                Assert.Contains($"worker node ID '{id}' is already in use", loser.Stderr);
            }
            Assert.Single(winner);
            Assert.False(winner[0].HasExited);
            Assert.Equal(row, await RowAsync(id));
            Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM worker_incarnations WHERE node_id = $1", id));
            Assert.Equal(19L, await db.ScalarAsync<long>("SELECT count(*) FROM worker_duplicate_starts WHERE node_id = $1", id));
        }
        finally
        {
            foreach (var w in workers)
                await w.DisposeAsync();
        }
    }

    [Fact]
    public async Task Second_worker_exits_1_within_10_seconds_while_the_first_keeps_heartbeating()
    {
        const string id = "worker-01";
        await using var first = WorkerProcess.Start(db.Url, id);
        await WorkerProcess.WaitRegisteredAsync(first);
        var row = await RowAsync(id);

        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, stderr) = await AmpProcess.RunAsync(Binaries.Ampd, ["worker", "--node-id", id],
            new Dictionary<string, string?> { ["AMP_CONFIG_METADATA_DB__URL"] = db.Url });
        Assert.Equal(1, code);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
        Assert.Contains("worker node ID 'worker-01' is already in use", stderr);
        Assert.Equal(row, await RowAsync(id));

        var beat = await db.ScalarAsync<DateTime>("SELECT heartbeat_at FROM workers WHERE node_id = $1", id);
        await Eventually.UntilAsync(async () => await db.ScalarAsync<DateTime>("SELECT heartbeat_at FROM workers WHERE node_id = $1", id) > beat,
            "the first worker to keep heartbeating");
        Assert.False(first.HasExited);
    }
}
