using Amp.Core.Build;
using Amp.Core.Workers;
using Amp.MetadataDb.Incarnations;
using Amp.MetadataDb.Workers;
using Npgsql;

namespace Amp.MetadataDb.Tests;

public class WorkerRegistrationTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    private static readonly BuildInfo V1 = new("v1.0.0", new string('a', 40), "2026-11-01T10:00:00Z", "2026-11-02");
    private static readonly BuildInfo V2 = new("v2.0.0", new string('b', 40), "2026-11-20T10:00:00Z", "2026-11-21");

    private async Task<(NpgsqlConnection Session, Registration Registration)> RegisterAsync(NodeId id, BuildInfo info, Epoch? previous = null)
    {
        var session = await db.Db.OpenDedicatedAsync("test", CancellationToken.None);
        Assert.True(await NodeIdLock.TryAcquireAsync(session, id, CancellationToken.None));
        var reg = await WorkerRegistration.RegisterAsync(session, id, info, new ProcessOrigin("host-a", 4242), previous, CancellationToken.None);
        return (session, reg);
    }

    [Fact]
    public async Task Restart_keeps_created_at_moves_registered_at_and_replaces_info()
    {
        var id = NodeId.Parse("reg-semantics");
        var (s1, first) = await RegisterAsync(id, V1);
        await s1.DisposeAsync();
        await Eventually.UntilAsync(async () => await db.ScalarAsync<DateTime>("SELECT now()") > first.RegisteredAt.AddMilliseconds(20), "the clock to move");
        var (s2, second) = await RegisterAsync(id, V2);
        await using var _ = s2;

        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.True(second.RegisteredAt > first.RegisteredAt);
        Assert.Equal(new Epoch(1), first.Epoch);
        Assert.Equal(new Epoch(2), second.Epoch);
        var worker = await new WorkerRepository(db.Db.DataSource).GetAsync(id, LivenessThresholds.Default, CancellationToken.None);
        Assert.NotNull(worker);
        Assert.Equal(V2, worker.Info);
        Assert.Equal(1, worker.Restarts);
        Assert.Equal(WorkerStatus.Active, worker.Status);
    }

    [Fact]
    public async Task A_new_registration_closes_the_open_incarnation_of_a_vanished_owner_as_crashed()
    {
        var id = NodeId.Parse("reg-crashed");
        var (s1, _) = await RegisterAsync(id, V1);
        await s1.DisposeAsync(); // vanished without ending its incarnation
        var (s2, second) = await RegisterAsync(id, V1);
        await using var _ = s2;

        var ledger = await new IncarnationRepository(db.Db.DataSource).ListAsync(id, 10, CancellationToken.None);
        Assert.Equal([2L, 1L], ledger.Select(i => i.Epoch.Value));
        Assert.Null(ledger[0].EndedAt);
        Assert.Equal(IncarnationEndReason.Crashed, ledger[1].EndReason);
        Assert.True(ledger[1].EndedAt <= ledger[0].StartedAt, "the crashed incarnation ends before the next starts");
        Assert.Equal(second.BackendPid, ledger[0].BackendPid);
        Assert.Equal(new ProcessOrigin("host-a", 4242), ledger[0].Origin);
    }

    [Fact]
    public async Task Own_reconnect_closes_the_previous_epoch_as_connection_lost()
    {
        var id = NodeId.Parse("reg-reconnect");
        var (s1, first) = await RegisterAsync(id, V1);
        await s1.DisposeAsync();
        var (s2, _) = await RegisterAsync(id, V1, first.Epoch);
        await using var _ = s2;
        var ledger = await new IncarnationRepository(db.Db.DataSource).ListAsync(id, 10, CancellationToken.None);
        Assert.Equal(IncarnationEndReason.ConnectionLost, ledger[1].EndReason);
    }

    [Fact]
    public async Task Heartbeat_is_fenced_on_the_epoch()
    {
        var id = NodeId.Parse("reg-fenced");
        var (s1, first) = await RegisterAsync(id, V1);
        await using var _ = s1;
        Assert.NotNull(await WorkerRepository.HeartbeatAsync(s1, id, first.Epoch, CancellationToken.None));
        Assert.Null(await WorkerRepository.HeartbeatAsync(s1, id, first.Epoch.Next(), CancellationToken.None));
    }

    [Fact]
    public async Task The_lock_is_exclusive_across_sessions()
    {
        var id = NodeId.Parse("reg-lock");
        var (s1, _) = await RegisterAsync(id, V1);
        await using var _ = s1;
        await using var other = await db.Db.OpenDedicatedAsync("contender", CancellationToken.None);
        Assert.False(await NodeIdLock.TryAcquireAsync(other, id, CancellationToken.None));
        var holder = await NodeIdLock.FindHolderAsync(other, id, CancellationToken.None);
        Assert.Equal(s1.ProcessID, holder?.BackendPid);
    }
}
