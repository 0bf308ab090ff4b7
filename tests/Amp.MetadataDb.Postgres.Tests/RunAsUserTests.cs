using Amp.MetadataDb.Postgres.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Amp.MetadataDb.Postgres.Tests;

public sealed class RunAsUserTests(ITestOutputHelper output) : IDisposable
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
    public async Task Server_runs_as_the_postgres_user_when_root_and_owns_its_data_directory()
    {
        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);

        uint expected = Posix.ExpectedServerUid; // postgres's uid as root, our own otherwise
        Assert.Equal(expected, ProcInfo.RealUserId(pg.ProcessId));
        Assert.Equal("postgres", ProcInfo.Comm(pg.ProcessId)); // setpriv exec'd postgres: the child PID is the postmaster
        Assert.Equal(expected, PosixFiles.Stat(_tmp.Data).Uid);
        Assert.Equal(expected, PosixFiles.Stat(Path.Combine(_tmp.Data, "PG_VERSION")).Uid);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_tmp.Data));
        Assert.Equal(Posix.IsRoot ? "root" : Environment.UserName, pg.SuperuserName);
    }

    [Fact]
    public async Task Ancestor_the_postgres_user_cannot_traverse_gets_others_execute_and_a_warning()
    {
        if (!Posix.IsRoot)
            return; // only root hands the directory to another user

        string locked = _tmp.Sub("locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // like /root
        string data = Path.Combine(locked, "db");

        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(data), _log, _cts.Token);

        Assert.True(File.GetUnixFileMode(locked).HasFlag(UnixFileMode.OtherExecute));
        Assert.False(File.GetUnixFileMode(locked).HasFlag(UnixFileMode.OtherRead), "only the search bit is added");
        LogEntry warning = Assert.Single(_log.WithId(Log.Ids.AncestorMadeTraversable));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(locked, warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Db.ScalarAsync(pg, "SELECT 1"));
    }

    [Fact]
    public async Task Data_directory_owned_by_root_is_handed_to_the_postgres_user()
    {
        if (!Posix.IsRoot)
            return;

        Directory.CreateDirectory(_tmp.Data);
        File.SetUnixFileMode(_tmp.Data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using ManagedPostgres pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(_tmp.Data), _log, _cts.Token);

        Assert.Equal(Posix.ExpectedServerUid, PosixFiles.Stat(_tmp.Data).Uid);
        Assert.True(_log.Has(Log.Ids.DataDirectoryModeFixed));
        Assert.Equal(1, await Db.ScalarAsync(pg, "SELECT 1"));
    }
}
