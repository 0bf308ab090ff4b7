using System.CommandLine;
using Amp.Controller;
using Amp.Core.Workers;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Postgres;
using Amp.Worker;
using Amp.Worker.Hosting;
using Amp.Worker.Jobs;
using Amp.Worker.Lifecycle;
using Ampd.Configuration;
using Ampd.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ampd.Commands;

/// <summary>
/// <c>ampd solo</c>: the whole system in one process. Holds the amp dir's lock (one solo per directory), uses the
/// configured metadata database or starts a managed PostgreSQL in &lt;amp_dir&gt;/metadb, then serves the Admin API
/// (127.0.0.1:1610 unless admin_api_addr says otherwise) beside an embedded worker named <c>worker</c>.
/// </summary>
internal static class SoloCommand
{
    public static readonly NodeId EmbeddedWorkerId = NodeId.Parse("worker");

    public static Command Create()
    {
        var ampDir = new Option<string?>("--amp-dir") { Description = "State directory (env AMP_DIR, default ./.amp); one solo per directory" };
        var config = CommonOptions.Config();
        var strict = CommonOptions.StrictConfig();
        var admin = TransportOptions.Admin();
        var jsonl = TransportOptions.Jsonl();
        var flight = TransportOptions.Flight();
        var command = new Command("solo",
            "Run controller, Admin API (default 127.0.0.1:1610), a worker and the query servers (JSON Lines 127.0.0.1:1603, Arrow Flight 127.0.0.1:1602) in one process, on a managed PostgreSQL unless one is configured")
        {
            ampDir, config, strict, admin, jsonl, flight,
        };
        command.Aliases.Add("dev");
        command.SetAction((r, _) =>
        {
            var (a, j, f) = (r.GetValue(admin), r.GetValue(jsonl), r.GetValue(flight));
            var all = !a && !j && !f;
            var serves = new SoloServers(all || a, all ? QueryTransports.Both
                : (j ? QueryTransports.Jsonl : QueryTransports.None) | (f ? QueryTransports.Flight : QueryTransports.None));
            return RunAsync(
                r.GetValue(ampDir) ?? CommonOptions.NonEmpty(Environment.GetEnvironmentVariable(AmpDirectory.EnvVariable)) ?? AmpDirectory.Default,
                CommonOptions.ConfigPath(r, config), r.GetValue(strict), serves);
        });
        return command;
    }

    /// <summary>What solo serves besides the worker and the scheduler: <c>--admin-server</c>, <c>--jsonl-server</c>, <c>--flight-server</c> (none given: all).</summary>
    private sealed record SoloServers(bool Admin, QueryTransports Queries);

    private static async Task<int> RunAsync(string ampDirRaw, string? configPath, bool strict, SoloServers serves)
    {
        var ampDir = Path.GetFullPath(ampDirRaw);
        AmpConfig config;
        AmpDirLock dirLock;
        try
        {
            Directory.CreateDirectory(ampDir);
            switch (AmpDirLock.TryAcquire(ampDir))
            {
                case AmpDirLock.Outcome.HeldByOther other:
                    var holder = other.Pid > 0 ? $" (pid {other.Pid})" : "";
                    return Operator.Fail(ExitCodes.Failure, $"another ampd solo{holder} is using {ampDirRaw}; stop it first, or pass --amp-dir / AMP_DIR for another directory");
                case AmpDirLock.Outcome.Acquired acquired:
                    dirLock = acquired.Lock;
                    break;
                default:
                    throw new InvalidOperationException("unreachable");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Operator.Fail(ExitCodes.Failure, $"cannot use the amp directory '{ampDir}': {ex.Message}; pass --amp-dir or set AMP_DIR to a writable directory");
        }
        using var _ = dirLock;
        try
        {
            var defaultConfig = Path.Combine(ampDir, "config.toml");
            configPath ??= File.Exists(defaultConfig) ? defaultConfig : null;
            config = ConfigReport.Load(configPath, strict, AmpConfig.SoloDefaultAdminAddr);
        }
        catch (ConfigException ex)
        {
            return Operator.Fail(ExitCodes.Usage, ex.Message);
        }
        if (serves.Admin && AdminApiHost.AddressInUse(config.AdminApiAddr) is { } inUse)
            return Operator.Fail(ExitCodes.Failure, inUse);
        if (QueryServers.AddressInUse(config, serves.Queries) is { } queryInUse)
            return Operator.Fail(ExitCodes.Failure, queryInUse);

        using var shutdown = new ShutdownSignal();
        using var logs = AmpLogging.CreateFactory();
        var logger = logs.CreateLogger("Ampd.Solo");
        ControllerLog.SoloConfig(logger, config.FilePath ?? "none (defaults and AMP_CONFIG_* variables)", ampDir);
        ManagedPostgres? postgres = null;
        try
        {
            var url = config.MetadataDbUrl;
            if (url is null)
            {
                postgres = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(AmpDirectory.MetadbDirectory(ampDir)), logs.CreateLogger("Ampd.ManagedPostgres"), shutdown.Token).ConfigureAwait(false);
                url = postgres.Url;
            }
            ControllerLog.SoloDatabase(logger, url);
            return await RunOnDatabaseAsync(config, url, ampDir, serves, postgres, logs, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (ManagedPostgresException ex)
        {
            return Operator.Fail(ExitCodes.Failure, ex.Message);
        }
        catch (ConfigException ex)
        {
            return Operator.Fail(ExitCodes.Usage, ex.Message);
        }
        catch (MetadataDbConfigurationException ex)
        {
            return Operator.Fail(ExitCodes.Failure, ex.Message);
        }
        catch (IOException ex)
        {
            return Operator.Fail(ExitCodes.Failure, ex.Message);
        }
        finally
        {
            // After the worker has ended its incarnation: the server runs in its own session, so a terminal's
            // Ctrl-C reached ampd only and the database was there for the job hand-back and the graceful end.
            if (postgres is not null)
                await postgres.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> RunOnDatabaseAsync(AmpConfig config, string url, string ampDir, SoloServers serves, ManagedPostgres? postgres, ILoggerFactory logs, CancellationToken ct)
    {
        var storage = config.Storage(ampDir);
        StorageSetup.Create(storage);
        await using var db = MetadataStartup.Open(url, config.PoolSize, "ampd solo");
        await MetadataStartup.PrepareAsync(db, config.AutoMigrate, logs, ct).ConfigureAwait(false);

        var options = new WorkerOptions(EmbeddedWorkerId) { HeartbeatInterval = config.HeartbeatInterval, Liveness = config.Liveness };
        await using var node = new WorkerNode(db, options, TimeProvider.System, logs.CreateLogger<WorkerNode>());
        if (await node.StartAsync(ct).ConfigureAwait(false) is StartOutcome.InUse)
            return Operator.Fail(ExitCodes.Failure, $"worker node ID '{EmbeddedWorkerId}' is already in use: another ampd solo runs on this metadata database");

        var builder = AdminApiHost.CreateBuilder(config.AdminApiAddr, db, config.ToControllerOptions(config.AdminApiAddr, storage));
        builder.Services.AddWorker(node, db, new JobWorkerOptions { ReconcileInterval = config.ReconcileInterval, ExecutionJournalDirectory = config.ExecutionJournalDirectory },
            ExtractionKinds.For(config, storage, db));
        if (!serves.Admin)
            AdminApiHost.ServeNothing(builder);
        await using var app = builder.Build();
        using var meters = ExtractionMeterExport.Start(); // the embedded worker's meter, served at the Admin API's /metrics
        WatchManagedPostgres(postgres, app.Lifetime, logs.CreateLogger("Ampd.Solo"));

        QueryServers? queries = null;
        if (serves.Queries != QueryTransports.None)
        {
            var (started, error) = await QueryServers.StartAsync(config, db, storage, serves.Queries, logs, ct).ConfigureAwait(false);
            if (error is not null)
            {
                await node.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return Operator.Fail(ExitCodes.Failure, error);
            }
            queries = started;
        }
        int exit;
        await using (queries)
            exit = await AdminApiHost.RunAsync(app, serves.Admin ? config.AdminApiAddr : null, db.Target, logs.CreateLogger("Ampd.Solo"), ct).ConfigureAwait(false);
        await node.StopAsync(CancellationToken.None).ConfigureAwait(false); // no-op when the host already did it
        return exit;
    }

    /// <summary>Stops solo with exit code 1 if the managed server dies under it.</summary>
    private static void WatchManagedPostgres(ManagedPostgres? postgres, IHostApplicationLifetime lifetime, ILogger logger)
    {
        if (postgres is null)
            return;
        var stopping = lifetime.ApplicationStopping;
        _ = postgres.Exited.ContinueWith(_ =>
        {
            if (stopping.IsCancellationRequested)
                return;
            ControllerLog.ManagedPostgresExited(logger, postgres.ProcessId, postgres.DataDirectory);
            Environment.ExitCode = ExitCodes.Failure;
            lifetime.StopApplication();
        }, TaskScheduler.Default);
    }
}
