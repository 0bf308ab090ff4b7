using System.CommandLine;
using Amp.MetadataDb.Connection;
using Ampd.Configuration;
using Ampd.Hosting;

namespace Ampd.Commands;

/// <summary>
/// <c>ampd server</c>: answers SQL over the extracted data, JSON Lines on <c>jsonl_addr</c> (default 0.0.0.0:1603) and
/// Arrow Flight on <c>flight_addr</c> (default 0.0.0.0:1602), reading table files from <c>data_dir</c> as the metadata
/// database lists them. <c>--jsonl-server</c> / <c>--flight-server</c> choose the transports (none given: both).
/// </summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var strict = CommonOptions.StrictConfig();
        var ampDir = CommonOptions.AmpDir();
        var jsonl = TransportOptions.Jsonl();
        var flight = TransportOptions.Flight();
        var command = new Command("server", "Serve SQL queries: JSON Lines (default 0.0.0.0:1603) and Arrow Flight (default 0.0.0.0:1602)")
        {
            config, strict, ampDir, jsonl, flight,
        };
        command.SetAction((r, _) => RunAsync(CommonOptions.ConfigPath(r, config), r.GetValue(strict), r.GetValue(ampDir),
            TransportOptions.Chosen(r.GetValue(jsonl), r.GetValue(flight))));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath, bool strict, string? ampDir, QueryTransports transports)
    {
        AmpConfig config;
        MetadataDatabase db;
        try
        {
            config = ConfigReport.Load(configPath, strict);
            if (AmpDirectory.DatabaseUrl(config, ampDir) is not { } url)
                return Operator.Fail(ExitCodes.Usage, AmpDirectory.NoDatabaseMessage(AmpDirectory.Resolve(ampDir)));
            db = MetadataStartup.Open(url, config.PoolSize, "ampd server");
        }
        catch (ConfigException ex)
        {
            return Operator.Fail(ExitCodes.Usage, ex.Message);
        }
        await using var _ = db;
        using var shutdown = new ShutdownSignal();
        using var logs = AmpLogging.CreateFactory();
        var storage = AmpDirectory.Storage(config, ampDir);
        try
        {
            StorageSetup.Create(storage);
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
        catch (IOException ex)
        {
            return Operator.Fail(ExitCodes.Failure, ex.Message);
        }
        if (QueryServers.AddressInUse(config, transports) is { } inUse)
            return Operator.Fail(ExitCodes.Failure, inUse);

        var (servers, error) = await QueryServers.StartAsync(config, db, storage, transports, logs, shutdown.Token).ConfigureAwait(false);
        if (error is not null)
            return Operator.Fail(ExitCodes.Failure, error);
        await using (servers!)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM
            }
        }
        return ExitCodes.Ok;
    }
}
