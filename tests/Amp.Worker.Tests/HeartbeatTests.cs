using Amp.Core.Workers;
using Amp.MetadataDb.Workers;
using Amp.Worker.Lifecycle;

namespace Amp.Worker.Tests;

public class HeartbeatTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    private Task<DateTime> HeartbeatAtAsync(string id) => db.ScalarAsync<DateTime>("SELECT heartbeat_at FROM workers WHERE node_id = $1", id);

    [Fact]
    public async Task Heartbeat_at_advances_about_every_second()
    {
        var (w, outcome) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("hb-advance"));
        await using var _ = w;
        Assert.IsType<StartOutcome.Started>(outcome);

        var seen = new List<DateTime>();
        await Eventually.UntilAsync(async () =>
        {
            var at = await HeartbeatAtAsync("hb-advance");
            if (seen.Count == 0 || at != seen[^1])
                seen.Add(at);
            return seen.Count >= 5;
        }, "five distinct heartbeats", TimeSpan.FromSeconds(15));
        // The first value may be the registration's own timestamp, written just before the first beat.
        var beats = seen.Skip(1).ToList();
        var gaps = beats.Zip(beats.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        // One beat a second on average; a late beat is followed by an early one (ticks are not bursted).
        Assert.InRange(gaps.Average(), 0.75, 1.4);
        Assert.All(gaps, g => Assert.InRange(g, 0.05, 2.5));
    }

    [Fact]
    public async Task Graceful_stop_ends_the_incarnation_and_releases_the_lock()
    {
        var (w, _) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("hb-graceful"));
        var incarnation = w.Node.Current!;
        await w.StopAsync();
        await w.DisposeAsync();

        Assert.True(incarnation.Fenced.IsCancellationRequested);
        var ledger = await Ledger.ReadAsync(db, "hb-graceful");
        Assert.Equal(IncarnationEndReason.Graceful, Assert.Single(ledger).EndReason);
        var worker = await new WorkerRepository(db.Db.DataSource).GetAsync(NodeId.Parse("hb-graceful"), LivenessThresholds.Default, CancellationToken.None);
        Assert.False(worker!.LockHeld);
        Assert.Equal(WorkerStatus.Inactive, worker.Status);
    }

    [Fact]
    public async Task Duplicate_start_is_refused_recorded_and_leaves_the_incumbent_row_untouched()
    {
        var (incumbent, _) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("hb-dup", "v-incumbent"));
        await using var _ = incumbent;
        var before = await db.ScalarAsync<string>("SELECT concat_ws('|', info::text, registered_at, created_at, epoch) FROM workers WHERE node_id = 'hb-dup'");

        var (contender, outcome) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("hb-dup", "v-contender") with { LockWait = TimeSpan.FromMilliseconds(500) });
        await using var __ = contender;

        var inUse = Assert.IsType<StartOutcome.InUse>(outcome);
        Assert.Equal(incumbent.Node.Current!.Registration.BackendPid, inUse.Holder?.BackendPid);
        Assert.Equal(before, await db.ScalarAsync<string>("SELECT concat_ws('|', info::text, registered_at, created_at, epoch) FROM workers WHERE node_id = 'hb-dup'"));
        Assert.Equal("v-contender", await db.ScalarAsync<string>("SELECT info->>'version' FROM worker_duplicate_starts WHERE node_id = 'hb-dup'"));
        Assert.NotNull(incumbent.Node.Current);
    }
}
