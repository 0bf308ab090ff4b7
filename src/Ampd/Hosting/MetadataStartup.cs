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

    public static async Task PrepareAsync(MetadataDatabase db, bool migrate, ILoggerFactory logs, CancellationToken ct)
    {
        var logger = logs.CreateLogger("Ampd.MetadataDb");
        await DatabaseReadiness.WaitAsync(db, logger, giveUpAfter: null, TimeProvider.System, ct).ConfigureAwait(false);
        if (migrate)
            await Migrator.MigrateAsync(db.DataSource, logger, ct).ConfigureAwait(false);
    }
}
