using Amp.Worker.Lifecycle;
using Amp.Core.Workers;

namespace Amp.Worker.Tests;

public class SelfFencingTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    private Task<long> EpochAsync(string id) => db.ScalarAsync<long>("SELECT epoch FROM workers WHERE node_id = $1", id);

    private Task TerminateSessionsOfAsync(string id) =>
        db.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE '%' || $1", id);

    [Fact]
    public async Task Terminated_lock_session_fences_the_incarnation_and_comes_back_under_a_new_epoch()
    {
        var (w, _) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("fence-terminate"));
        await using var _ = w;
        var first = w.Node.Current!;

        await TerminateSessionsOfAsync("fence-terminate");

        await Eventually.UntilAsync(() => first.Fenced.IsCancellationRequested, "the first incarnation to be fenced", TimeSpan.FromSeconds(10));
        await Eventually.UntilAsync(async () => await EpochAsync("fence-terminate") == 2 && w.Node.Current is { } c && c.Epoch.Value == 2, "epoch 2", TimeSpan.FromSeconds(20));
        var beat = await db.ScalarAsync<DateTime>("SELECT heartbeat_at FROM workers WHERE node_id = 'fence-terminate'");
        await Eventually.UntilAsync(async () => await db.ScalarAsync<DateTime>("SELECT heartbeat_at FROM workers WHERE node_id = 'fence-terminate'") > beat, "heartbeats under epoch 2");

        var ledger = await Ledger.ReadAsync(db, "fence-terminate");
        Assert.Equal(IncarnationEndReason.ConnectionLost, ledger.Single(i => i.Epoch.Value == 1).EndReason);
        Ledger.AssertNoOverlap(ledger);
        Assert.False(w.Run!.IsCompleted);
    }

    [Fact]
    public async Task Repeated_terminations_never_leave_overlapping_incarnations()
    {
        var (w, _) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("fence-repeat"));
        await using var _ = w;
        for (var expected = 2; expected <= 5; expected++)
        {
            await TerminateSessionsOfAsync("fence-repeat");
            var e = expected;
            await Eventually.UntilAsync(async () => await EpochAsync("fence-repeat") == e, $"epoch {e}", TimeSpan.FromSeconds(20));
        }
        var ledger = await Ledger.ReadAsync(db, "fence-repeat");
        Assert.Equal(5, ledger.Count);
        Assert.Equal(1, ledger.Count(i => i.EndedAt is null));
        Ledger.AssertNoOverlap(ledger);
    }

    [Fact]
    public async Task Worker_that_finds_its_id_taken_after_losing_its_session_exits_as_superseded()
    {
        var (a, _) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("fence-superseded"));
        await using var _ = a;
        var epochA = a.Node.Current!.Epoch;

        // B waits for the lock; A's session is cut, B gets the lock before A is back.
        var bStart = WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("fence-superseded") with { LockWait = TimeSpan.FromSeconds(20) });
        await Eventually.UntilAsync(async () => await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'ampd worker %fence-superseded'") >= 2, "B's session");
        await TerminateSessionsOfAsync("fence-superseded");
        var (b, bOutcome) = await bStart;
        await using var __ = b;

        // Either B won (A must exit superseded) or A won its lock back first (B refused); both keep one owner.
        if (bOutcome is StartOutcome.Started)
        {
            Assert.Equal(WorkerExit.Superseded, await a.Run!.WaitAsync(TimeSpan.FromSeconds(30)));
            var ledger = await Ledger.ReadAsync(db, "fence-superseded");
            Assert.Equal(IncarnationEndReason.Superseded, ledger.Single(i => i.Epoch == epochA).EndReason);
            Ledger.AssertNoOverlap(ledger);
        }
        else
        {
            Assert.IsType<StartOutcome.InUse>(bOutcome);
            Assert.NotNull(a.Node.Current);
        }
    }
}
