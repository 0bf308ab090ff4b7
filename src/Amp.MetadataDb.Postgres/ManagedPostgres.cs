using Microsoft.Extensions.Logging;

namespace Amp.MetadataDb.Postgres;

/// <summary>
/// A private PostgreSQL server on a Unix socket in its own data directory, started from the machine's binaries:
/// used by <c>ampd solo</c> when no database URL is configured, and by tests. Runs as the <c>postgres</c> user
/// when this process is root.
/// </summary>
public sealed class ManagedPostgres : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    private readonly PostmasterProcess _server;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _stopping;

    private ManagedPostgres(PostmasterProcess server, string dataDirectory, string superuser, ILogger logger)
    {
        _server = server;
        _logger = logger;
        DataDirectory = dataDirectory;
        SuperuserName = superuser;
        Url = PostgresUrl.ForSocketDirectory(dataDirectory);
        ConnectionString = PostgresUrl.ConnectionString(dataDirectory, superuser);
    }

    /// <summary>Absolute path of the data directory, which is also the socket directory.</summary>
    public string DataDirectory { get; }

    /// <summary><c>postgresql:///postgres?host=&lt;percent-encoded data directory&gt;</c>.</summary>
    public string Url { get; }

    /// <summary>Npgsql connection string: <c>Host=&lt;dir&gt;;Database=postgres;Username=&lt;superuser&gt;;Timezone=UTC</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster's superuser: the OS user of this process (<c>root</c> when root).</summary>
    public string SuperuserName { get; }

    /// <summary>PID of the postmaster.</summary>
    public int ProcessId => _server.Pid;

    /// <summary>Completes when the postmaster exits, for any reason.</summary>
    public Task Exited => _server.Exited;

    /// <summary>
    /// The URL of a server that is running on <paramref name="dataDirectory"/> now (an <c>ampd solo</c>'s), or null,
    /// so other processes can join solo's database through its amp dir.
    /// </summary>
    public static string? UrlOfRunningServer(string dataDirectory)
    {
        string dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        return PostmasterPidFile.Read(dir) is { Pid: int pid } && PosixSignals.IsAlive(pid) ? PostgresUrl.ForSocketDirectory(dir) : null;
    }

    /// <summary>
    /// Prepares the data directory (creating, handing over to the postgres user when root, clearing an orphaned
    /// server), runs initdb if needed, starts the server and waits until it accepts connections.
    /// </summary>
    public static async Task<ManagedPostgres> StartAsync(ManagedPostgresOptions options, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("Managed PostgreSQL needs Linux (it uses /proc, setpriv and POSIX signals).");
        string dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        SocketPath.EnsureFits(dataDirectory);

        PostgresBinaries binaries = PostgresBinaries.Locate(options.BinDirectory);
        PostgresUser? runAs = PostgresUser.ForServer();
        string superuser = PostgresUser.SuperuserName;
        int? major = binaries.MajorVersion();
        if (major is < 15)
            Log.VersionWarning(logger, major.Value, binaries.Postgres);

        DataDirectorySetup.Prepare(dataDirectory, runAs, logger);
        await OrphanCleanup.RunAsync(dataDirectory, logger, ct).ConfigureAwait(false);

        if (InitDb.ClusterVersion(dataDirectory) is { } clusterVersion)
        {
            InitDb.EnsureCompatible(clusterVersion, major, dataDirectory, binaries);
            Log.InitdbSkipped(logger, dataDirectory, clusterVersion);
        }
        else
        {
            await InitDb.RunAsync(binaries, runAs, dataDirectory, superuser, logger, ct).ConfigureAwait(false);
        }

        var psi = ServerCommand.Create(binaries.Postgres, ServerArguments.For(dataDirectory, options.Settings), runAs);
        PostmasterProcess server = PostmasterProcess.Start(psi, dataDirectory, logger);
        Log.ServerStarting(logger, dataDirectory, server.Pid, runAs?.Name ?? Environment.UserName);
        var managed = new ManagedPostgres(server, dataDirectory, superuser, logger);
        try
        {
            await ReadinessProbe.WaitAsync(server, dataDirectory, managed.ConnectionString, options.ReadyTimeout, logger, ct)
                .ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await managed.KillAsync().ConfigureAwait(false);
            }
            finally
            {
                server.Dispose();
            }
            throw;
        }
        return managed;
    }

    /// <summary>
    /// Fast shutdown: SIGINT, wait up to 10 s, then SIGKILL. Idempotent; concurrent calls share one shutdown.
    /// Cancelling <paramref name="ct"/> abandons the wait by sending SIGKILL at once.
    /// </summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        Task stopping;
        lock (_gate)
            stopping = _stopping ??= StopCoreAsync();
        try
        {
            await stopping.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _server.ExpectExit();
            if (_server.Signal(PosixSignals.SIGKILL))
                Log.ServerKilled(_logger, DataDirectory, ProcessId);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _server.Dispose();
        }
    }

    /// <summary>SIGKILLs the postmaster (as a crash would) and waits until it has exited.</summary>
    public async Task KillAsync()
    {
        _server.ExpectExit();
        if (_server.Signal(PosixSignals.SIGKILL))
            Log.ServerKilled(_logger, DataDirectory, ProcessId);
        await WaitExitedOrThrowAsync(KillGrace).ConfigureAwait(false);
    }

    private async Task StopCoreAsync()
    {
        if (_server.HasExited)
            return;
        _server.ExpectExit();
        Log.ServerStopping(_logger, DataDirectory, ProcessId, "SIGINT (fast shutdown)");
        _server.Signal(PosixSignals.SIGINT);
        if (await ExitedWithinAsync(StopGrace).ConfigureAwait(false))
            return;
        Log.ServerStopTimeout(_logger, DataDirectory, ProcessId, StopGrace.TotalSeconds);
        _server.Signal(PosixSignals.SIGKILL);
        await WaitExitedOrThrowAsync(KillGrace).ConfigureAwait(false);
    }

    private async Task<bool> ExitedWithinAsync(TimeSpan timeout)
    {
        Task done = await Task.WhenAny(Exited, Task.Delay(timeout)).ConfigureAwait(false);
        return done == Exited;
    }

    private async Task WaitExitedOrThrowAsync(TimeSpan timeout)
    {
        if (!await ExitedWithinAsync(timeout).ConfigureAwait(false))
            throw new ManagedPostgresException($"PostgreSQL (pid {ProcessId}) on '{DataDirectory}' did not exit within {timeout.TotalSeconds} s of SIGKILL.");
    }
}
