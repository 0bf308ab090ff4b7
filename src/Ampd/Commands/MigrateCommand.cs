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
        var strict = CommonOptions.StrictConfig();
        var ampDir = CommonOptions.AmpDir();
        var command = new Command("migrate", "Apply pending metadata database migrations and exit") { config, strict, ampDir };
        command.SetAction((r, _) => RunAsync(CommonOptions.ConfigPath(r, config), r.GetValue(strict), r.GetValue(ampDir)));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath, bool strict, string? ampDir)
    {
        MetadataDatabase db;
        try
        {
            var config = ConfigReport.Load(configPath, strict);
            if (AmpDirectory.DatabaseUrl(config, ampDir) is not { } url)
                return Operator.Fail(ExitCodes.Usage, AmpDirectory.NoDatabaseMessage(AmpDirectory.Resolve(ampDir)));
            db = MetadataStartup.Open(url, 2, "ampd migrate");
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
