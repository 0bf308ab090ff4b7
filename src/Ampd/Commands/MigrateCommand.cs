using System.CommandLine;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Migrations;
using Ampd.Configuration;
using Ampd.Hosting;
using Microsoft.Extensions.Logging;

namespace Ampd.Commands;

/// <summary><c>ampd migrate</c>: applies pending schema migrations to the metadata database and exits.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("migrate", "Apply pending metadata database migrations and exit") { config };
        command.SetAction((r, _) => RunAsync(CommonOptions.ConfigPath(r, config)));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath)
    {
        MetadataDatabase db;
        try
        {
            var config = AmpConfig.Load(configPath, Environment.GetEnvironmentVariables());
            if (config.MetadataDbUrl is null)
                return Operator.Fail(ExitCodes.Usage, "no metadata database configured: set [metadata_db] url in the config file (--config) or AMP_CONFIG_METADATA_DB__URL");
            db = MetadataStartup.Open(config.MetadataDbUrl, 2, "ampd migrate");
        }
        catch (ConfigException ex)
        {
            return Operator.Fail(ExitCodes.Usage, ex.Message);
        }
        await using var _ = db;
        using var shutdown = new ShutdownSignal();
        using var logs = AmpLogging.CreateFactory();
        var logger = logs.CreateLogger("Ampd.Migrate");
        try
        {
            await DatabaseReadiness.WaitAsync(db, logger, TimeSpan.FromSeconds(30), TimeProvider.System, shutdown.Token).ConfigureAwait(false);
            var applied = await Migrator.MigrateAsync(db.DataSource, logger, shutdown.Token).ConfigureAwait(false);
            Console.WriteLine(applied.Count == 0
                ? $"Metadata database is up to date (version {Migrator.All[^1].Version})"
                : $"Applied {applied.Count} migration(s); metadata database is at version {Migrator.All[^1].Version}");
            return ExitCodes.Ok;
        }
        catch (MetadataDbConfigurationException ex)
        {
            return Operator.Fail(ExitCodes.Failure, ex.Message);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Failure;
        }
    }
}
