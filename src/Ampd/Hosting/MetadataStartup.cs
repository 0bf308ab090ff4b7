using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Migrations;
using Microsoft.Extensions.Logging;

namespace Ampd.Hosting;

/// <summary>Start-up steps every mode shares: open the metadata database, wait until it answers, migrate.</summary>
public static class MetadataStartup
{
    /// <summary>Parses the URL and opens the pool; a malformed URL is a usage error reported by the caller.</summary>
    public static MetadataDatabase Open(string url, int poolSize, string applicationName)
    {
        if (!MetadataDbUrl.TryParse(url, out var settings, out var error))
            throw new Configuration.ConfigException(error);
        return MetadataDatabase.Create(settings, applicationName, poolSize);
    }

    /// <summary>
    /// Waits for the database and migrates; a connection lost on the way (PostgreSQL restarting, a terminated
    /// session) starts the wait again instead of ending the process.
    /// </summary>
    public static async Task PrepareAsync(MetadataDatabase db, bool migrate, ILoggerFactory logs, CancellationToken ct)
    {
        var logger = logs.CreateLogger("Ampd.MetadataDb");
        while (true)
        {
            await DatabaseReadiness.WaitAsync(db, logger, giveUpAfter: null, TimeProvider.System, ct).ConfigureAwait(false);
            if (!migrate)
                return;
            try
            {
                await Migrator.MigrateAsync(db.DataSource, logger, ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && DbErrors.IsConnectionError(ex))
            {
                StartupLog.MigrationInterrupted(logger, DbErrors.Describe(ex));
                db.ResetPool();
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
            }
        }
    }
}

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the metadata database while migrating ({reason}); waiting for it again")]
    public static partial void MigrationInterrupted(ILogger logger, string reason);
}
