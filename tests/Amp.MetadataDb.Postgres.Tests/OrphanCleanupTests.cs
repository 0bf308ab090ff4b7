using Amp.MetadataDb.Postgres.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Amp.MetadataDb.Postgres.Tests;

public sealed class OrphanCleanupTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly TempDir _tmp = new();
    private readonly ListLogger _log = new(output);
    private readonly CancellationTokenSource _cts = new(Deadline);

    public void Dispose()
    {
        _cts.Dispose();
        _tmp.Dispose();
    }

    private async Task InitialiseAndStopAsync()
    {
        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);
        await pg.StopAsync(_cts.Token);
    }

    [Fact]
    public async Task Stale_postmaster_pid_with_a_dead_pid_is_removed_and_the_server_starts()
    {
        await InitialiseAndStopAsync();
        const int deadPid = 999999; // above any pid_max this machine allows
        Assert.True(Posix.IsGone(deadPid));
        File.WriteAllText(Path.Combine(_tmp.Data, "postmaster.pid"), $"{deadPid}\n{_tmp.Data}\n1700000000\n5432\n{_tmp.Data}\n\n  5432001  32768\nready   \n");
        File.WriteAllText(Path.Combine(_tmp.Data, ".s.PGSQL.5432.lock"), $"{deadPid}\n");
        _log.Clear();

        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);

        Assert.Contains(_log.WithId(Log.Ids.StalePidFile), e => e.Message.Contains("999999 is not running", StringComparison.Ordinal));
        Assert.Equal(1, await Db.ScalarAsync(pg, "SELECT 1"));
        Assert.NotEqual(deadPid, pg.ProcessId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-pid\n")]
    [InlineData("0\n")]
    public async Task Unusable_postmaster_pid_is_removed_and_the_server_starts(string content)
    {
        await InitialiseAndStopAsync();
        File.WriteAllText(Path.Combine(_tmp.Data, "postmaster.pid"), content);
        _log.Clear();

        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);

        Assert.True(_log.Has(Log.Ids.StalePidFile));
        Assert.Equal(1, await Db.ScalarAsync(pg, "SELECT 1"));
    }

    [Fact]
    public async Task Stale_postmaster_pid_in_a_fresh_directory_does_not_block_initdb()
    {
        Directory.CreateDirectory(_tmp.Data);
        File.SetUnixFileMode(_tmp.Data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(_tmp.Data, "postmaster.pid"), "999999\n");

        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);

        Assert.Equal(1, await Db.ScalarAsync(pg, "SELECT 1"));
    }

    [Fact]
    public async Task Postmaster_pid_naming_an_unrelated_live_process_is_treated_as_stale()
    {
        await InitialiseAndStopAsync();
        // This test process is alive and not postgres: a reused PID must never be signalled.
        File.WriteAllText(Path.Combine(_tmp.Data, "postmaster.pid"), $"{Environment.ProcessId}\n");
        _log.Clear();

        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);

        Assert.Contains(_log.WithId(Log.Ids.StalePidFile), e => e.Message.Contains("another process", StringComparison.Ordinal));
        Assert.False(_log.Has(Log.Ids.OrphanShuttingDown));
        Assert.Equal(1, await Db.ScalarAsync(pg, "SELECT 1"));
    }

    [Fact]
    public async Task Orphaned_live_server_is_shut_down_and_replaced()
    {
        var options = new ManagedPostgresOptions(_tmp.Data);
        ManagedPostgres orphan = await ManagedPostgres.StartAsync(options, _log, _cts.Token);
        try
        {
            await Db.ExecuteAsync(orphan, "CREATE TABLE survived (v text); INSERT INTO survived VALUES ('yes')");
            int oldPid = orphan.ProcessId;

            // "Forget" the first server: start another on the same directory without stopping it.
            await using ManagedPostgres replacement = await ManagedPostgres.StartAsync(options, _log, _cts.Token);

            Assert.Contains(_log.WithId(Log.Ids.OrphanShuttingDown), e => e.Message.Contains($"pid {oldPid}", StringComparison.Ordinal));
            await Eventually.CompletesAsync(orphan.Exited, TimeSpan.FromSeconds(10), "the orphan's exit");
            Assert.True(Posix.IsGone(oldPid));
            Assert.NotEqual(oldPid, replacement.ProcessId);
            Assert.Equal("yes", await Db.ScalarAsync(replacement, "SELECT v FROM survived"));
        }
        finally
        {
            await orphan.DisposeAsync();
        }
    }

    [Fact]
    public async Task Orphaned_server_that_ignores_sigint_is_killed()
    {
        var options = new ManagedPostgresOptions(_tmp.Data);
        ManagedPostgres orphan = await ManagedPostgres.StartAsync(options, _log, _cts.Token);
        try
        {
            // Stop the postmaster (SIGSTOP cannot be caught) so that SIGINT is not acted upon.
            PosixSignals.Send(orphan.ProcessId, 19 /* SIGSTOP */);

            await using ManagedPostgres replacement = await ManagedPostgres.StartAsync(options, _log, _cts.Token);

            Assert.True(_log.Has(Log.Ids.OrphanKilled));
            await Eventually.CompletesAsync(orphan.Exited, TimeSpan.FromSeconds(10), "the orphan's exit");
            Assert.Equal(1, await Db.ScalarAsync(replacement, "SELECT 1"));
        }
        finally
        {
            await orphan.DisposeAsync();
        }
    }
}
