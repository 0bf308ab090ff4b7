using System.Collections;
using System.Net;
using Amp.Core.Workers;

namespace Ampd.Configuration;

/// <summary>The validated configuration of an ampd process.</summary>
public sealed record AmpConfig
{
    public string? MetadataDbUrl { get; init; }
    public int PoolSize { get; init; } = 10;
    public bool AutoMigrate { get; init; } = true;
    public IPEndPoint AdminApiAddr { get; init; } = new(IPAddress.Any, 1610);
    public LivenessThresholds Liveness { get; init; } = LivenessThresholds.Default;
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxAttempts { get; init; } = 10;
    public TimeSpan RetryBackoffCap { get; init; } = TimeSpan.FromMinutes(10);
    public string? FilePath { get; init; }

    /// <summary>Amp's <c>poll_interval_secs</c>: how long an extraction job at the chain head waits between head polls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>data_dir</c>, <c>providers_dir</c>, <c>manifests_dir</c> as absolute paths; null when not configured.</summary>
    public string? DataDir { get; init; }
    public string? ProvidersDir { get; init; }
    public string? ManifestsDir { get; init; }

    /// <summary>The storage directories: the configured ones, else <c>data</c>, <c>providers</c>, <c>manifests</c> under <paramref name="defaultRoot"/>.</summary>
    public Amp.Controller.StorageDirectories Storage(string defaultRoot)
    {
        var defaults = Amp.Controller.StorageDirectories.Under(defaultRoot);
        return new(DataDir ?? defaults.DataDir, ProvidersDir ?? defaults.ProvidersDir, ManifestsDir ?? defaults.ManifestsDir);
    }

    /// <summary>Where relative paths of this configuration are resolved from: the config file's folder, else the working directory.</summary>
    public string BaseDirectory => FilePath is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(FilePath))!;

    public static AmpConfig Load(string? filePath, IDictionary environment)
    {
        var src = ConfigSource.Load(filePath, environment);
        var url = src.GetString("metadata_db.url") ?? src.GetString("metadata_db_url");
        var poolSize = src.GetNumber("metadata_db.pool_size") ?? 10;
        if (poolSize is < 1 or > 1000 || poolSize != Math.Floor(poolSize))
            throw new ConfigException($"metadata_db.pool_size (from {src.OriginOf("metadata_db.pool_size")}) must be a whole number from 1 to 1000, got {poolSize}");

        var active = Seconds(src, "workers.active_threshold_secs", 5);
        var inactive = Seconds(src, "workers.inactive_threshold_secs", 30);
        if (!LivenessThresholds.TryCreate(active, inactive, out var liveness, out var livenessError))
            throw new ConfigException($"workers.active_threshold_secs / workers.inactive_threshold_secs: {livenessError}");

        var heartbeat = Seconds(src, "workers.heartbeat_interval_secs", 1);
        if (heartbeat < TimeSpan.FromMilliseconds(100) || heartbeat >= active)
            throw new ConfigException($"workers.heartbeat_interval_secs must be at least 0.1 and below the active threshold ({active.TotalSeconds}s), got {heartbeat.TotalSeconds}");

        var maxAttempts = src.GetNumber("jobs.max_attempts") ?? 10;
        if (maxAttempts is < 1 or > 1000 || maxAttempts != Math.Floor(maxAttempts))
            throw new ConfigException($"jobs.max_attempts (from {src.OriginOf("jobs.max_attempts")}) must be a whole number from 1 to 1000, got {maxAttempts}");

        return new AmpConfig
        {
            ReconcileInterval = Seconds(src, "jobs.reconcile_interval_secs", 10),
            MaxAttempts = (int)maxAttempts,
            RetryBackoffCap = Seconds(src, "jobs.retry_backoff_cap_secs", 600),
            MetadataDbUrl = string.IsNullOrWhiteSpace(url) ? null : url,
            PoolSize = (int)poolSize,
            AutoMigrate = src.GetBool("metadata_db.auto_migrate") ?? true,
            AdminApiAddr = ParseEndPoint(src.GetString("admin_api_addr") ?? "0.0.0.0:1610", src.OriginOf("admin_api_addr")),
            Liveness = liveness,
            HeartbeatInterval = heartbeat,
            FilePath = src.FilePath,
            PollInterval = Seconds(src, "poll_interval_secs", 1),
            DataDir = Directory(src, "data_dir"),
            ProvidersDir = Directory(src, "providers_dir"),
            ManifestsDir = Directory(src, "manifests_dir"),
        };
    }

    /// <summary>A local directory key; relative paths are resolved from the config file's folder (or the working directory).</summary>
    private static string? Directory(ConfigSource src, string key)
    {
        var raw = src.GetString(key);
        if (raw is null)
            return null;
        if (string.IsNullOrWhiteSpace(raw) || raw.Contains('\0', StringComparison.Ordinal))
            throw new ConfigException($"{key} (from {src.OriginOf(key)}) must be a directory path, got '{raw}'");
        if (raw.Contains("://", StringComparison.Ordinal) && !raw.StartsWith("file://", StringComparison.Ordinal))
            throw new ConfigException($"{key} (from {src.OriginOf(key)}) is '{raw}': only local directories (a path or file:// URL) are supported for now");
        if (raw.StartsWith("file://", StringComparison.Ordinal))
            raw = new Uri(raw).LocalPath;
        var baseDir = src.FilePath is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(src.FilePath))!;
        return Path.GetFullPath(raw, baseDir);
    }

    private static TimeSpan Seconds(ConfigSource src, string key, double fallback)
    {
        var value = src.GetNumber(key) ?? fallback;
        if (value <= 0 || value > 86_400 || double.IsNaN(value))
            throw new ConfigException($"{key} (from {src.OriginOf(key)}) must be a number of seconds between 0 and 86400, got {value}");
        return TimeSpan.FromSeconds(value);
    }

    public static IPEndPoint ParseEndPoint(string raw, string origin)
    {
        if (IPEndPoint.TryParse(raw.Trim(), out var ep) && ep.Port is > 0 and < 65536 && raw.Contains(':', StringComparison.Ordinal))
            return ep;
        if (raw.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) && int.TryParse(raw[10..], out var port) && port is > 0 and < 65536)
            return new IPEndPoint(IPAddress.Loopback, port);
        throw new ConfigException($"admin_api_addr (from {origin}) must be an address and port such as 0.0.0.0:1610 or 127.0.0.1:1610, got '{raw}'");
    }
}
