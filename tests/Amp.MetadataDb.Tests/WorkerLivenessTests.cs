using Amp.Core.Build;
using Amp.Core.Workers;
using Amp.MetadataDb.Workers;

namespace Amp.MetadataDb.Tests;

public class WorkerLivenessTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    private readonly WorkerRepository _workers = new(db.Db.DataSource);

    private async Task<Npgsql.NpgsqlConnection> RegisterHeldAsync(string name, string version = "v1")
    {
        var id = NodeId.Parse(name);
        var session = await db.Db.OpenDedicatedAsync("test", CancellationToken.None);
        Assert.True(await NodeIdLock.TryAcquireAsync(session, id, CancellationToken.None));
        await WorkerRegistration.RegisterAsync(session, id, BuildInfo.Unavailable with { Version = version }, ProcessOrigin.Current, null, CancellationToken.None);
        return session;
    }

    private Task SetHeartbeatAgeAsync(string name, int seconds) =>
        db.ExecuteAsync("UPDATE workers SET heartbeat_at = now() - make_interval(secs => $2) WHERE node_id = $1", name, (double)seconds);

    [Fact]
    public async Task Status_follows_heartbeat_age_and_lock_with_the_database_clock()
    {
        await using var fresh = await RegisterHeldAsync("live-fresh");
        await using var slow = await RegisterHeldAsync("live-slow");
        await using var old = await RegisterHeldAsync("live-old");
        var gone = await RegisterHeldAsync("live-gone");
        await gone.DisposeAsync();
        await SetHeartbeatAgeAsync("live-slow", 10);
        await SetHeartbeatAgeAsync("live-old", 40);

        var byId = (await _workers.ListAsync(WorkerFilter.None, LivenessThresholds.Default, CancellationToken.None))
            .Where(w => w.NodeId.Value.StartsWith("live-", StringComparison.Ordinal))
            .ToDictionary(w => w.NodeId.Value);

        Assert.Equal(WorkerStatus.Active, byId["live-fresh"].Status);
        Assert.Equal(WorkerStatus.Stalled, byId["live-slow"].Status);
        Assert.InRange(byId["live-slow"].HeartbeatAgeMs, 10_000, 15_000);
        Assert.Equal(WorkerStatus.Inactive, byId["live-old"].Status);
        Assert.Equal(WorkerStatus.Inactive, byId["live-gone"].Status); // lock gone, heartbeat fresh
        Assert.False(byId["live-gone"].LockHeld);
        Assert.Null(byId["live-gone"].UptimeSeconds);
        Assert.NotNull(byId["live-fresh"].UptimeSeconds);
    }

    [Fact]
    public async Task List_filters_by_status_and_version_and_orders_by_node_id()
    {
        await using var b = await RegisterHeldAsync("filt-b", "v2");
        await using var a = await RegisterHeldAsync("filt-a", "v1");
        await using var c = await RegisterHeldAsync("filt-c", "v2");
        await SetHeartbeatAgeAsync("filt-c", 10);

        var v2 = await _workers.ListAsync(new WorkerFilter(Version: "v2"), LivenessThresholds.Default, CancellationToken.None);
        Assert.Equal(["filt-b", "filt-c"], v2.Where(w => w.NodeId.Value.StartsWith("filt-", StringComparison.Ordinal)).Select(w => w.NodeId.Value));
        var stalled = await _workers.ListAsync(new WorkerFilter(Status: WorkerStatus.Stalled), LivenessThresholds.Default, CancellationToken.None);
        Assert.Contains(stalled, w => w.NodeId.Value == "filt-c");
        Assert.DoesNotContain(stalled, w => w.NodeId.Value == "filt-a");
        var all = await _workers.ListAsync(WorkerFilter.None, LivenessThresholds.Default, CancellationToken.None);
        Assert.Equal(all.Select(w => w.NodeId.Value).Order(StringComparer.Ordinal), all.Select(w => w.NodeId.Value));
    }

    [Fact]
    public async Task Thresholds_are_configurable()
    {
        await using var s = await RegisterHeldAsync("thr-a");
        await SetHeartbeatAgeAsync("thr-a", 3);
        var tight = new LivenessThresholds(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var w = await _workers.GetAsync(NodeId.Parse("thr-a"), tight, CancellationToken.None);
        Assert.Equal(WorkerStatus.Inactive, w!.Status);
    }

    [Fact]
    public async Task Unknown_worker_is_null() =>
        Assert.Null(await _workers.GetAsync(NodeId.Parse("nobody-here"), LivenessThresholds.Default, CancellationToken.None));
}
