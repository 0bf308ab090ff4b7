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
        var strict = CommonOptions.StrictConfig();
        var ampDir = CommonOptions.AmpDir();
        var command = new Command("controller", "Serve the Admin API (default 0.0.0.0:1610) and schedule jobs") { config, strict, ampDir };
        command.SetAction((r, _) => RunAsync(CommonOptions.ConfigPath(r, config), r.GetValue(strict), r.GetValue(ampDir)));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath, bool strict, string? ampDir)
    {
        AmpConfig config;
        MetadataDatabase db;
        try
        {
            config = ConfigReport.Load(configPath, strict);
            if (AmpDirectory.DatabaseUrl(config, ampDir) is not { } url)
                return Operator.Fail(ExitCodes.Usage, AmpDirectory.NoDatabaseMessage(AmpDirectory.Resolve(ampDir)));
            db = MetadataStartup.Open(url, config.PoolSize, "ampd controller");
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
        if (AdminApiHost.AddressInUse(config.AdminApiAddr) is { } inUse)
            return Operator.Fail(ExitCodes.Failure, inUse);
        // Created on first write, so a controller that never stores anything leaves no directories behind.
        var storage = AmpDirectory.Storage(config, ampDir);
        var builder = AdminApiHost.CreateBuilder(config.AdminApiAddr, db, config.ToControllerOptions(config.AdminApiAddr, storage));
        await using var app = builder.Build();
        return await AdminApiHost.RunAsync(app, config.AdminApiAddr, db.Target, logs.CreateLogger("Ampd.Controller"), shutdown.Token).ConfigureAwait(false);
    }
}
