using System.CommandLine;
using Amp.Controller;
using Amp.MetadataDb.Connection;
using Ampd.Configuration;
using Ampd.Hosting;

namespace Ampd.Commands;

/// <summary><c>ampd controller</c>: serves the Admin API and schedules jobs.</summary>
internal static class ControllerCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("controller", "Serve the Admin API (default 0.0.0.0:1610) and schedule jobs") { config };
        command.SetAction((r, _) => RunAsync(CommonOptions.ConfigPath(r, config)));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath)
    {
        AmpConfig config;
        MetadataDatabase db;
        try
        {
            config = AmpConfig.Load(configPath, Environment.GetEnvironmentVariables());
            if (config.MetadataDbUrl is null)
                return Operator.Fail(ExitCodes.Usage, "no metadata database configured: set [metadata_db] url in the config file (--config) or AMP_CONFIG_METADATA_DB__URL");
            db = MetadataStartup.Open(config.MetadataDbUrl, config.PoolSize, "ampd controller");
        }
        catch (ConfigException ex)
        {
            return Operator.Fail(ExitCodes.Usage, ex.Message);
        }
        await using var _ = db;
        using var shutdown = new ShutdownSignal();
        using var logs = AmpLogging.CreateFactory();
        try
        {
            await MetadataStartup.PrepareAsync(db, config.AutoMigrate, logs, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (MetadataDbConfigurationException ex)
        {
            return Operator.Fail(ExitCodes.Failure, ex.Message);
        }
        // Created on first write, so a controller that never stores anything leaves no directories behind.
        var storage = config.Storage(config.BaseDirectory);
        var builder = AdminApiHost.CreateBuilder(config.AdminApiAddr, db, config.ToControllerOptions(config.AdminApiAddr, storage));
        await using var app = builder.Build();
        ControllerLog.Serving(logs.CreateLogger("Ampd.Controller"), config.AdminApiAddr.ToString(), db.Target);
        return await AdminApiHost.RunAsync(app, config.AdminApiAddr, shutdown.Token).ConfigureAwait(false);
    }
}
