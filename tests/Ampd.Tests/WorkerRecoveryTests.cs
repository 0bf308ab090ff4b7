namespace Ampd.Tests;

public class WorkerRecoveryTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Fact]
    public async Task Worker_heartbeats_again_under_a_new_epoch_within_20_seconds_after_pg_terminate_backend()
    {
        const string id = "recover-01";
        await using var worker = WorkerProcess.Start(db.Url, id);
        await WorkerProcess.WaitRegisteredAsync(worker);

        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await db.ScalarAsync<long>(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE '%' || $1", id) >= 1);
        await Eventually.UntilAsync(async () =>
            await db.ScalarAsync<long>("SELECT epoch FROM workers WHERE node_id = $1 AND heartbeat_at > now() - interval '2 seconds'", id) == 2,
            "a fresh heartbeat under epoch 2", TimeSpan.FromSeconds(20));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20));
        Assert.False(worker.HasExited);
        Assert.Contains("heartbeat failed", worker.Stdout);
        Assert.Equal("connection_lost", await db.ScalarAsync<string>("SELECT end_reason FROM worker_incarnations WHERE node_id = $1 AND epoch = 1", id));
    }

    [Fact]
    public async Task Killed_worker_is_closed_as_crashed_by_its_next_start()
    {
        const string id = "recover-crash";
        var first = WorkerProcess.Start(db.Url, id);
        await WorkerProcess.WaitRegisteredAsync(first);
        first.Kill9();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await first.DisposeAsync();

        await using var second = WorkerProcess.Start(db.Url, id);
        await WorkerProcess.WaitRegisteredAsync(second, epoch: 2);
        Assert.Equal("crashed", await db.ScalarAsync<string>("SELECT end_reason FROM worker_incarnations WHERE node_id = $1 AND epoch = 1", id));
        Assert.True(await db.ScalarAsync<bool>(
            "SELECT a.ended_at <= b.started_at FROM worker_incarnations a, worker_incarnations b WHERE a.node_id = $1 AND b.node_id = $1 AND a.epoch = 1 AND b.epoch = 2", id));
    }

    [Fact]
    public async Task Worker_process_survives_a_postgres_restart_with_the_same_node_id_and_a_new_epoch()
    {
        var pg = await TestPostgres.StartDedicatedAsync("proc-restart");
        await using var worker = WorkerProcess.Start(pg.Url, "restart-proc");
        await WorkerProcess.WaitRegisteredAsync(worker);
        await pg.StopAsync();
        await worker.WaitForOutputAsync("heartbeat failed", TimeSpan.FromSeconds(15));
        var restarted = await TestPostgres.RestartAsync(pg);
        try
        {
            await WorkerProcess.WaitRegisteredAsync(worker, epoch: 2);
            Assert.False(worker.HasExited);
        }
        finally
        {
            worker.Signal(Signals.SIGTERM);
            Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            await restarted.StopAsync();
        }
    }
}
