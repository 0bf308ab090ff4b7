using Amp.MetadataDb.Postgres;

namespace Ampd.Hosting;

/// <summary>
/// The amp dir (<c>--amp-dir</c>, env <c>AMP_DIR</c>, default <c>./.amp</c>): solo keeps its lock, config and managed
/// PostgreSQL (<c>metadb/</c>) there, and other ampd processes on the same machine find solo's database through it.
/// </summary>
public static class AmpDirectory
{
    public const string EnvVariable = "AMP_DIR";
    public const string Default = ".amp";

    public static string Resolve(string? option) =>
        Path.GetFullPath(option ?? (Environment.GetEnvironmentVariable(EnvVariable) is { Length: > 0 } env ? env : Default));

    public static string MetadbDirectory(string ampDir) => Path.Combine(ampDir, "metadb");

    /// <summary>The URL of the PostgreSQL a running <c>ampd solo</c> manages in <paramref name="ampDir"/>, or null.</summary>
    public static string? RunningSoloDatabaseUrl(string ampDir) =>
        Directory.Exists(MetadbDirectory(ampDir)) ? ManagedPostgres.UrlOfRunningServer(MetadbDirectory(ampDir)) : null;

    /// <summary>The configured URL, else that of a solo running in the amp dir; null when there is neither.</summary>
    public static string? DatabaseUrl(Configuration.AmpConfig config, string? ampDirOption)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.MetadataDbUrl ?? RunningSoloDatabaseUrl(Resolve(ampDirOption));
    }

    /// <summary>
    /// The storage directories of a worker, controller or server: the configured ones, else under the amp dir when the
    /// process joins the solo running there (no URL configured), so it reads the manifests and data solo does; else
    /// under the config file's folder.
    /// </summary>
    public static Amp.Controller.StorageDirectories Storage(Configuration.AmpConfig config, string? ampDirOption)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Storage(config.MetadataDbUrl is null ? Resolve(ampDirOption) : config.BaseDirectory);
    }

    /// <summary>The error for a worker, controller or migrate that has no URL and no running solo to join.</summary>
    public static string NoDatabaseMessage(string ampDir) =>
        $"no metadata database configured: set [metadata_db] url in the config file (--config) or AMP_CONFIG_METADATA_DB__URL, " +
        $"or start 'ampd solo' (its database in {MetadbDirectory(ampDir)} is used when running; pass --amp-dir or set AMP_DIR for another directory)";
}
