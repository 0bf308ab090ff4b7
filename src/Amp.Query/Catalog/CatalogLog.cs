using Microsoft.Extensions.Logging;

namespace Amp.Query.Catalog;

internal static partial class CatalogLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Manifest {manifest_hash} cannot be read ({reason}); its tables are served without a start block")]
    public static partial void ManifestUnreadable(ILogger logger, string manifest_hash, string reason);
}
