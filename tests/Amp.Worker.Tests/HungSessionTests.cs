using System.Diagnostics;
using Amp.Core.Workers;
using Amp.MetadataDb.Workers;
using Amp.Worker.Lifecycle;

namespace Amp.Worker.Tests;

/// <summary>A lock session whose backend hangs (SIGSTOP): the worker fences in time and never mistakes itself for a rival.</summary>
public class HungSessionTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    // Heartbeat interval (1 s) + heartbeat timeout (3 s), as docs/workers.md states, plus scheduling slack.
    private static readonly TimeSpan DocumentedFenceTime = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_hung_lock_backend_fences_in_time_and_the_worker_comes_back_under_a_new_epoch_without_exiting()
    {
        var (w, _) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("hung-backend"));
        await using var _ = w;
        var first = w.Node.Current!;
        var backend = first.Registration.BackendPid;
        var workers = new WorkerRepository(db.Db.DataSource);

        var frozen = Stopwatch.StartNew();
        Signals.Send(backend, Signals.SIGSTOP);
        try
        {
            await Eventually.UntilAsync(() => first.Fenced.IsCancellationRequested, "the incarnation to fence", TimeSpan.FromSeconds(15));
            var fencedAfter = frozen.Elapsed;
            Assert.True(fencedAfter <= DocumentedFenceTime + Slack, $"fenced {fencedAfter.TotalSeconds:0.0}s after the backend hung; docs/workers.md says {DocumentedFenceTime.TotalSeconds}s");

            // The API stops calling it active as soon as it fenced, although the hung backend still holds the lock.
            await Eventually.UntilAsync(async () => (await workers.GetAsync(NodeId.Parse("hung-backend"), LivenessThresholds.Default, CancellationToken.None))!.Status != WorkerStatus.Active,
                "the worker to stop being active", TimeSpan.FromSeconds(3));

            // Hold the freeze well past the lock wait (3 s): the old worker exited here as "superseded".
            await Eventually.UntilAsync(() =>
            {
                Assert.False(w.Run!.IsCompleted, "the worker's run ended while its own backend hung");
                return frozen.Elapsed >= TimeSpan.FromSeconds(14);
            }, "the freeze to last 14 s", TimeSpan.FromSeconds(30));
        }
        finally
        {
            Signals.Send(backend, Signals.SIGCONT);
        }

        await Eventually.UntilAsync(() => w.Node.Current is { } c && c.Epoch.Value == first.Epoch.Value + 1, "the next epoch", TimeSpan.FromSeconds(30));
        Assert.False(w.Run!.IsCompleted);
        var ledger = await Ledger.ReadAsync(db, "hung-backend");
        Assert.DoesNotContain(ledger, i => i.EndReason == IncarnationEndReason.Superseded);
        Assert.Equal(IncarnationEndReason.ConnectionLost, ledger.Single(i => i.Epoch == first.Epoch).EndReason);
        Ledger.AssertNoOverlap(ledger);
    }

    [Fact]
    public async Task A_newcomer_does_not_take_the_id_while_the_incumbent_reconnects_after_a_blip()
    {
        var (a, _) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("blip-incumbent"));
        await using var _ = a;
        for (var round = 1; round <= 3; round++)
        {
            var before = a.Node.Current!;
            var newcomer = WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("blip-incumbent") with { LockWait = TimeSpan.FromSeconds(4) });
            await Eventually.UntilAsync(async () => await db.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'ampd worker %blip-incumbent'") >= 2, "the newcomer's session");
            // Cut only the incumbent's lock session.
            await db.ExecuteAsync("SELECT pg_terminate_backend($1)", before.Registration.BackendPid);

            var (b, outcome) = await newcomer;
            await using (b)
            {
                Assert.IsType<StartOutcome.InUse>(outcome);
            }
            await Eventually.UntilAsync(() => a.Node.Current is { } c && c.Epoch.Value > before.Epoch.Value, $"the incumbent back (round {round})", TimeSpan.FromSeconds(20));
            Assert.False(a.Run!.IsCompleted, "the incumbent exited");
        }
        var ledger = await Ledger.ReadAsync(db, "blip-incumbent");
        Assert.DoesNotContain(ledger, i => i.EndReason == IncarnationEndReason.Superseded);
        Ledger.AssertNoOverlap(ledger);
        Assert.True(await db.ScalarAsync<long>("SELECT count(*) FROM worker_duplicate_starts WHERE node_id = 'blip-incumbent'") >= 3);
    }
}
