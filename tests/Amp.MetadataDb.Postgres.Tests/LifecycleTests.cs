using Amp.MetadataDb.Postgres.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Amp.MetadataDb.Postgres.Tests;

public sealed class LifecycleTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDir _tmp = new();
    private readonly ListLogger _log = new(output);
    private readonly CancellationTokenSource _cts = new(Deadline);

    public void Dispose()
    {
        _cts.Dispose();
        _tmp.Dispose();
    }

    [Fact]
    public async Task Exited_completes_after_KillAsync()
    {
        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);
        Assert.False(pg.Exited.IsCompleted);

        await pg.KillAsync();

        await Eventually.CompletesAsync(pg.Exited, TimeSpan.FromSeconds(10), "Exited after SIGKILL");
        Assert.True(Posix.IsGone(pg.ProcessId));
    }

    [Fact]
    public async Task Server_restarts_after_being_killed_and_keeps_committed_data()
    {
        var options = new ManagedPostgresOptions(_tmp.Data);
        await using (ManagedPostgres crashed = await ManagedPostgres.StartAsync(options, _log, _cts.Token))
        {
            await Db.ExecuteAsync(crashed, "CREATE TABLE t (v int); INSERT INTO t VALUES (42)");
            // synchronous_commit=off: a commit reaches the WAL file only with the next flush, so force one (in its own
            // command; a multi-statement command is one implicit transaction that would commit after the checkpoint).
            await Db.ExecuteAsync(crashed, "CHECKPOINT");
            await crashed.KillAsync();
        }
        Assert.True(File.Exists(Path.Combine(_tmp.Data, "postmaster.pid")), "a killed postmaster leaves postmaster.pid behind");

        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(options, _log, _cts.Token);

        Assert.Equal(42, await Db.ScalarAsync(pg, "SELECT v FROM t"));
    }

    [Fact]
    public async Task StopAsync_is_idempotent_and_completes_Exited()
    {
        ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);
        try
        {
            await Task.WhenAll(pg.StopAsync(_cts.Token), pg.StopAsync(_cts.Token));
            await pg.StopAsync(_cts.Token);

            Assert.True(pg.Exited.IsCompleted);
            Assert.True(Posix.IsGone(pg.ProcessId));
            Assert.Single(_log.WithId(Log.Ids.ServerStopping));
            Assert.False(_log.Has(Log.Ids.ServerExitedUnexpectedly));
            Assert.False(File.Exists(Path.Combine(_tmp.Data, ".s.PGSQL.5432")));
        }
        finally
        {
            await pg.DisposeAsync();
        }
    }

    [Fact]
    public async Task Exited_completes_when_the_server_dies_on_its_own()
    {
        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);

        PosixSignals.Send(pg.ProcessId, PosixSignals.SIGTERM); // as if someone else stopped it

        await Eventually.CompletesAsync(pg.Exited, TimeSpan.FromSeconds(20), "Exited after an outside SIGTERM");
        Assert.True(_log.Has(Log.Ids.ServerExitedUnexpectedly));
    }
}
