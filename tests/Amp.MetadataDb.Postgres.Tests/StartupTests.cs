using System.Diagnostics;
using Amp.MetadataDb.Postgres.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Amp.MetadataDb.Postgres.Tests;

public sealed class StartupTests(ITestOutputHelper output) : IDisposable
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
    public async Task Fresh_directory_is_initialised_and_accepts_connections()
    {
        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);

        Assert.Equal(_tmp.Data, pg.DataDirectory);
        Assert.True(File.Exists(Path.Combine(_tmp.Data, "PG_VERSION")));
        Assert.True(_log.Has(Log.Ids.InitdbStarted));
        Assert.Equal(1, await Db.ScalarAsync(pg, "SELECT 1"));
        Assert.Equal(pg.SuperuserName, await Db.ScalarAsync(pg, "SELECT current_user"));
        Assert.Equal(Environment.UserName, pg.SuperuserName);
        Assert.Equal($"postgresql:///postgres?host={_tmp.Data}", pg.Url);
        Assert.Contains($"Host={_tmp.Data}", pg.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(pg.ProcessId, int.Parse(File.ReadLines(Path.Combine(_tmp.Data, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Server_listens_on_the_unix_socket_only_with_the_fast_settings()
    {
        var options = new ManagedPostgresOptions(_tmp.Data) { Settings = new Dictionary<string, string> { ["work_mem"] = "7MB" } };
        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(options, _log, _cts.Token);

        Assert.Equal("", await Db.ScalarAsync(pg, "SHOW listen_addresses"));
        Assert.Equal("off", await Db.ScalarAsync(pg, "SHOW fsync"));
        Assert.Equal("off", await Db.ScalarAsync(pg, "SHOW synchronous_commit"));
        Assert.Equal("off", await Db.ScalarAsync(pg, "SHOW full_page_writes"));
        Assert.Equal("500", await Db.ScalarAsync(pg, "SHOW max_connections"));
        Assert.Equal("128MB", await Db.ScalarAsync(pg, "SHOW shared_buffers"));
        Assert.Equal("7MB", await Db.ScalarAsync(pg, "SHOW work_mem"));
        Assert.Equal("UTF8", await Db.ScalarAsync(pg, "SHOW server_encoding"));
        Assert.Equal("UTC", await Db.ScalarAsync(pg, "SHOW timezone"));
        Assert.True(File.Exists(Path.Combine(_tmp.Data, ".s.PGSQL.5432")));
    }

    [Fact]
    public async Task Psql_run_by_the_same_os_user_connects_with_the_url_alone()
    {
        string? psql = new[] { "/usr/bin/psql", "/usr/local/bin/psql", "/usr/lib/postgresql/15/bin/psql" }.FirstOrDefault(File.Exists);
        if (psql is null)
            return; // psql is a client convenience; the server itself does not need it

        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);
        var psi = new ProcessStartInfo(psql, [pg.Url, "-XAtc", "SELECT current_user"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment.Remove("PGUSER");
        using Process p = Process.Start(psi)!;
        string stdout = await p.StandardOutput.ReadToEndAsync();
        string stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync(_cts.Token);

        Assert.True(p.ExitCode == 0, stderr);
        Assert.Equal(pg.SuperuserName, stdout.Trim());
    }

    [Fact]
    public async Task Restart_preserves_data_and_skips_initdb()
    {
        var options = new ManagedPostgresOptions(_tmp.Data);
        await using (ManagedPostgres first = await ManagedPostgres.StartAsync(options, _log, _cts.Token))
        {
            await Db.ExecuteAsync(first, "CREATE TABLE kept (id int PRIMARY KEY, name text); INSERT INTO kept VALUES (1, 'one'), (2, 'two')");
            await first.StopAsync(_cts.Token);
            Assert.True(first.Exited.IsCompleted);
        }
        Assert.False(File.Exists(Path.Combine(_tmp.Data, "postmaster.pid")), "a clean stop removes postmaster.pid");
        _log.Clear();

        await using ManagedPostgres second = await ManagedPostgres.StartAsync(options, _log, _cts.Token);

        Assert.False(_log.Has(Log.Ids.InitdbStarted), "the second start must not run initdb");
        Assert.True(_log.Has(Log.Ids.InitdbSkipped));
        Assert.Equal("one,two", await Db.ScalarAsync(second, "SELECT string_agg(name, ',' ORDER BY id) FROM kept"));
    }

    [Fact]
    public async Task Data_directory_with_space_and_hash_in_its_path_works()
    {
        string dir = _tmp.Sub("a b#c");
        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(dir), _log, _cts.Token);

        Assert.Equal(1, await Db.ScalarAsync(pg, "SELECT 1"));
        Assert.EndsWith("/a%20b%23c", pg.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relative_data_directory_is_made_absolute()
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, _tmp.Data);
        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(relative), _log, _cts.Token);

        Assert.Equal(_tmp.Data, pg.DataDirectory);
    }

    [Fact]
    public async Task Too_long_socket_path_fails_clearly_before_touching_the_disk()
    {
        string dir = _tmp.Sub(new string('d', 100));

        var e = await Assert.ThrowsAsync<ManagedPostgresException>(
            () => ManagedPostgres.StartAsync(new ManagedPostgresOptions(dir), _log, _cts.Token));

        Assert.Contains(".s.PGSQL.5432", e.Message, StringComparison.Ordinal);
        Assert.Contains("at most 107 bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains(dir, e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Bad_bin_directory_fails_clearly()
    {
        var options = new ManagedPostgresOptions(_tmp.Data) { BinDirectory = _tmp.Sub("nobin") };

        var e = await Assert.ThrowsAsync<ManagedPostgresException>(() => ManagedPostgres.StartAsync(options, _log, _cts.Token));

        Assert.Contains("initdb", e.Message, StringComparison.Ordinal);
        Assert.Contains("BinDirectory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initdb_failure_reports_its_stderr_and_a_fix()
    {
        Directory.CreateDirectory(_tmp.Data);
        File.WriteAllText(Path.Combine(_tmp.Data, "not-a-cluster.txt"), "something else lives here");

        var e = await Assert.ThrowsAsync<ManagedPostgresException>(
            () => ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token));

        Assert.Contains("initdb failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("exists but is not empty", e.Message, StringComparison.Ordinal); // initdb's own words
        Assert.Contains("Fix:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_of_another_major_version_is_refused_with_a_fix()
    {
        await using (ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token))
            await pg.StopAsync(_cts.Token);
        File.WriteAllText(Path.Combine(_tmp.Data, "PG_VERSION"), "9\n");

        var e = await Assert.ThrowsAsync<ManagedPostgresException>(
            () => ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token));

        Assert.Contains("PostgreSQL 9 cluster", e.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_that_exits_during_startup_reports_its_output()
    {
        var options = new ManagedPostgresOptions(_tmp.Data) { Settings = new Dictionary<string, string> { ["no_such_setting"] = "1" } };

        var e = await Assert.ThrowsAsync<ManagedPostgresException>(() => ManagedPostgres.StartAsync(options, _log, _cts.Token));

        Assert.Contains("exited with code", e.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_setting", e.Message, StringComparison.Ordinal);
    }
}
