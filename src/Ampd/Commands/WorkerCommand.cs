using System.CommandLine;
using Amp.Core.Workers;
using Amp.MetadataDb.Connection;
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

/// <summary><c>ampd worker --node-id ID</c>: one worker node of the fleet.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var nodeId = new Option<string?>("--node-id") { Description = "Node ID of this worker, unique in the fleet (env AMP_NODE_ID)" };
        var config = CommonOptions.Config();
        var strict = CommonOptions.StrictConfig();
        var ampDir = CommonOptions.AmpDir();
        var command = new Command("worker", "Run a worker node that registers in the metadata database and executes jobs") { nodeId, config, strict, ampDir };
        command.SetAction((r, _) => RunAsync(
            r.GetValue(nodeId) ?? Environment.GetEnvironmentVariable("AMP_NODE_ID"),
            CommonOptions.ConfigPath(r, config), r.GetValue(strict), r.GetValue(ampDir)));
        return command;
    }

    private static async Task<int> RunAsync(string? rawNodeId, string? configPath, bool strict, string? ampDir)
    {
        if (rawNodeId is null)
            return Operator.Fail(ExitCodes.Usage, "missing node ID: pass --node-id ID or set AMP_NODE_ID");
        if (!NodeId.TryParse(rawNodeId, out var nodeId, out var idError))
            return Operator.Fail(ExitCodes.Usage, idError);

        AmpConfig config;
        MetadataDatabase db;
        try
        {
            config = ConfigReport.Load(configPath, strict);
            if (AmpDirectory.DatabaseUrl(config, ampDir) is not { } url)
                return Operator.Fail(ExitCodes.Usage, AmpDirectory.NoDatabaseMessage(AmpDirectory.Resolve(ampDir)));
            db = MetadataStartup.Open(url, config.PoolSize, $"ampd worker {nodeId}");
        }
        catch (ConfigException ex)
        {
            return Operator.Fail(ExitCodes.Usage, ex.Message);
        }

        await using var _ = db;
        using var shutdown = new ShutdownSignal();
        using var logs = AmpLogging.CreateFactory();
        var options = new WorkerOptions(nodeId) { HeartbeatInterval = config.HeartbeatInterval, Liveness = config.Liveness };
        await using var node = new WorkerNode(db, options, TimeProvider.System, logs.CreateLogger<WorkerNode>());
        try
        {
            await MetadataStartup.PrepareAsync(db, config.AutoMigrate, logs, shutdown.Token).ConfigureAwait(false);
            if (await node.StartAsync(shutdown.Token).ConfigureAwait(false) is StartOutcome.InUse)
                return Operator.Fail(ExitCodes.Failure, $"worker node ID '{nodeId}' is already in use");
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (MetadataDbConfigurationException ex)
        {
            return Operator.Fail(ExitCodes.Failure, ex.Message);
        }

        var builder = Host.CreateApplicationBuilder();
        AmpLogging.Configure(builder.Logging);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
        var storage = AmpDirectory.Storage(config, ampDir);
        builder.Services.AddWorker(node, db, new JobWorkerOptions { ReconcileInterval = config.ReconcileInterval, ExecutionJournalDirectory = config.ExecutionJournalDirectory },
            ExtractionKinds.For(config, storage, db));
        using var host = builder.Build();
        using var meters = ExtractionMeterExport.Start();
        await using var metrics = WorkerMetricsServer.Start(config.WorkerMetricsAddr, logs.CreateLogger("Ampd.Worker.Metrics"));
        try
        {
            await host.RunAsync(shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            // SIGTERM arrived before the host had started: nothing ran yet.
        }
        await node.StopAsync(CancellationToken.None).ConfigureAwait(false); // no-op when the host already did it
        return Environment.ExitCode;
    }
}
