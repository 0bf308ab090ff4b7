using System.Collections;
using System.Net;
using Amp.Core.Workers;

namespace Ampd.Configuration;

/// <summary>The validated configuration of an ampd process.</summary>
public sealed record AmpConfig
{
    /// <summary>Where <c>ampd controller</c> serves the Admin API unless admin_api_addr says otherwise.</summary>
    public const string ControllerDefaultAdminAddr = "0.0.0.0:1610";

    /// <summary>Where <c>ampd solo</c> serves it: loopback only, since a laptop's solo is not a fleet's controller.</summary>
    public const string SoloDefaultAdminAddr = "127.0.0.1:1610";

    /// <summary>Where <c>ampd server</c> serves JSON Lines and Arrow Flight queries (solo: on 127.0.0.1).</summary>
    public const int DefaultJsonlPort = 1603;
    public const int DefaultFlightPort = 1602;

    public string? MetadataDbUrl { get; init; }
    public int PoolSize { get; init; } = 10;
    public bool AutoMigrate { get; init; } = true;
    public IPEndPoint AdminApiAddr { get; init; } = new(IPAddress.Any, 1610);

    /// <summary>worker_metrics_addr: where <c>ampd worker</c> serves its own /metrics (the Amp.Extraction meter); none by default.</summary>
    public IPEndPoint? WorkerMetricsAddr { get; init; }
    public LivenessThresholds Liveness { get; init; } = LivenessThresholds.Default;
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxAttempts { get; init; } = 10;
    public TimeSpan RetryBackoffCap { get; init; } = TimeSpan.FromMinutes(10);
    public string? FilePath { get; init; }
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>jobs.execution_journal: a directory where workers journal when each job really ran (diagnostics).</summary>
    public string? ExecutionJournalDirectory { get; init; }

    /// <summary>admin_api.auth_token (or the contents of admin_api.auth_token_file): when set, every route but /healthz needs it.</summary>
    public string? AuthToken { get; init; }

    /// <summary>admin_api.allowed_hosts: extra Host names a loopback-bound Admin API answers to.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>admin_api.db_timeout_secs: a database-backed request that takes longer is answered 503.</summary>
    public TimeSpan DbTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>workers.fencing_grace_secs: how long the controller waits after a worker's lock vanished before moving its jobs.</summary>
    public TimeSpan FencingGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The controller's settings (scheduler, API limits, security) for an API listening on <paramref name="address"/>.</summary>
    public Amp.Controller.ControllerOptions ToControllerOptions(IPEndPoint address, Amp.Controller.StorageDirectories storage) => new()
    {
        Storage = storage,
        Liveness = Liveness,
        MaxAttempts = MaxAttempts,
        RetryBackoffCap = RetryBackoffCap,
        DbTimeout = DbTimeout,
        FencingGrace = FencingGrace,
        Security = Amp.Controller.Security.AdminApiSecurity.Create(AuthToken, AllowedHosts, address),
        Dashboard = new Amp.Controller.Dashboard.DashboardOptions(HeartbeatInterval, DashboardQueryUrl),
    };

    /// <summary><c>[dashboard] query_url</c>: the JSON Lines query server the dashboard's query box sends SQL to.</summary>
    public Uri DashboardQueryUrl { get; init; } = Amp.Controller.Dashboard.DashboardOptions.DefaultQueryServerUrl;

    /// <summary>Amp's <c>poll_interval_secs</c>: how long an extraction job at the chain head waits between head polls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>[writer] segment_flush_interval_secs</c> and <c>bytes</c>: when an extraction job commits a segment file.</summary>
    public Amp.DataStore.Parquet.Writing.RotationPolicy WriterRotation { get; init; } = Amp.DataStore.Parquet.Writing.RotationPolicy.Default;

    /// <summary><c>jsonl_addr</c>: the JSON Lines query transport.</summary>
    public IPEndPoint JsonlAddr { get; init; } = new(IPAddress.Any, DefaultJsonlPort);

    /// <summary><c>flight_addr</c>: the Arrow Flight query transport.</summary>
    public IPEndPoint FlightAddr { get; init; } = new(IPAddress.Any, DefaultFlightPort);

    /// <summary><c>query.*</c>: the query engine's limits.</summary>
    public Amp.Query.Engine.QueryEngineOptions Query { get; init; } = new();

    /// <summary><c>query.refresh_interval_secs</c>: how often the query catalog re-reads table files besides change-tracking notifications.</summary>
    public TimeSpan QueryRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

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

    /// <summary>Unknown keys (warnings) and Amp keys this implementation ignores (info), in key order.</summary>
    public IReadOnlyList<ConfigNotice> Notices { get; init; } = [];

    /// <summary><c>strict_config = true</c>: unknown keys are an error (exit 2), as with <c>--strict-config</c>.</summary>
    public bool StrictConfig { get; init; }

    public static AmpConfig Load(string? filePath, IDictionary environment, string defaultAdminAddr = ControllerDefaultAdminAddr)
    {
        var src = ConfigSource.Load(filePath, environment);
        var logLevel = LogLevelSetting.Resolve(environment);
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

        var fencingGrace = Seconds(src, "workers.fencing_grace_secs", 1);
        if (fencingGrace >= liveness.Inactive)
            throw new ConfigException($"workers.fencing_grace_secs must be below the inactive threshold ({liveness.Inactive.TotalSeconds}s), got {fencingGrace.TotalSeconds}");

        // Solo serves every transport on loopback, like its Admin API.
        var queryHost = defaultAdminAddr == SoloDefaultAdminAddr ? "127.0.0.1" : "0.0.0.0";

        return new AmpConfig
        {
            JsonlAddr = ParseEndPoint(src.GetString("jsonl_addr") ?? $"{queryHost}:{DefaultJsonlPort}", src.OriginOf("jsonl_addr"), "jsonl_addr"),
            FlightAddr = ParseEndPoint(src.GetString("flight_addr") ?? $"{queryHost}:{DefaultFlightPort}", src.OriginOf("flight_addr"), "flight_addr"),
            Query = QueryOptions(src),
            QueryRefreshInterval = Seconds(src, "query.refresh_interval_secs", 5),
            AuthToken = AuthTokenOf(src),
            ExecutionJournalDirectory = src.GetString("jobs.execution_journal") is { Length: > 0 } journal ? src.Resolve(journal) : null,
            AllowedHosts = src.GetStringList("admin_api.allowed_hosts"),
            DbTimeout = Seconds(src, "admin_api.db_timeout_secs", 3),
            FencingGrace = fencingGrace,
            ReconcileInterval = Seconds(src, "jobs.reconcile_interval_secs", 10),
            MaxAttempts = (int)maxAttempts,
            RetryBackoffCap = Seconds(src, "jobs.retry_backoff_cap_secs", 600),
            MetadataDbUrl = string.IsNullOrWhiteSpace(url) ? null : url,
            PoolSize = (int)poolSize,
            AutoMigrate = src.GetBool("metadata_db.auto_migrate") ?? true,
            AdminApiAddr = ParseEndPoint(src.GetString("admin_api_addr") ?? defaultAdminAddr, src.OriginOf("admin_api_addr")),
            WorkerMetricsAddr = src.GetString("worker_metrics_addr") is { } metricsAddr ? ParseEndPoint(metricsAddr, src.OriginOf("worker_metrics_addr"), "worker_metrics_addr") : null,
            Liveness = liveness,
            HeartbeatInterval = heartbeat,
            FilePath = src.FilePath,
            PollInterval = Seconds(src, "poll_interval_secs", 1),
            WriterRotation = WriterSettings.RotationOf(src),
            DataDir = Directory(src, "data_dir"),
            ProvidersDir = Directory(src, "providers_dir"),
            ManifestsDir = Directory(src, "manifests_dir"),
            LogLevel = logLevel,
            Notices = ConfigKeyCheck.Run(src),
            StrictConfig = src.GetBool("strict_config") ?? false,
            DashboardQueryUrl = DashboardQueryUrlOf(src),
        };
    }

    private static Uri DashboardQueryUrlOf(ConfigSource src)
    {
        var raw = src.GetString("dashboard.query_url");
        if (raw is null)
            return Amp.Controller.Dashboard.DashboardOptions.DefaultQueryServerUrl;
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ConfigException($"dashboard.query_url (from {src.OriginOf("dashboard.query_url")}) must be an http:// or https:// URL such as http://127.0.0.1:1603, got '{raw}'");
        return url;
    }

    private static string? AuthTokenOf(ConfigSource src)
    {
        var token = src.GetString("admin_api.auth_token");
        var file = src.GetString("admin_api.auth_token_file");
        if (token is not null && file is not null)
            throw new ConfigException($"set either admin_api.auth_token ({src.OriginOf("admin_api.auth_token")}) or admin_api.auth_token_file ({src.OriginOf("admin_api.auth_token_file")}), not both");
        if (file is not null)
        {
            try
            {
                token = File.ReadAllText(src.Resolve(file)).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException($"cannot read admin_api.auth_token_file '{file}' (from {src.OriginOf("admin_api.auth_token_file")}): {ex.Message}");
            }
            if (token.Length == 0)
                throw new ConfigException($"admin_api.auth_token_file '{file}' is empty; put the token in it");
        }
        if (token is not null && (token.Length == 0 || token.Any(c => c < 33 || c > 126)))
            throw new ConfigException($"admin_api.auth_token (from {src.OriginOf(file is null ? "admin_api.auth_token" : "admin_api.auth_token_file")}) must be non-empty visible ASCII without spaces");
        return token;
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

    private static Amp.Query.Engine.QueryEngineOptions QueryOptions(ConfigSource src)
    {
        var defaults = new Amp.Query.Engine.QueryEngineOptions();
        var maxConcurrent = src.GetNumber("query.max_concurrent") ?? defaults.MaxConcurrentQueries;
        if (maxConcurrent is < 1 or > 256 || maxConcurrent != Math.Floor(maxConcurrent))
            throw new ConfigException($"query.max_concurrent (from {src.OriginOf("query.max_concurrent")}) must be a whole number from 1 to 256, got {maxConcurrent}");
        var memoryMb = src.GetNumber("query.memory_limit_mb") ?? defaults.MemoryLimitBytes / (1024 * 1024);
        if (memoryMb < Amp.Query.Engine.QueryEngineOptions.MinimumMemoryLimitBytes / (1024 * 1024) || memoryMb > 1024 * 1024 || memoryMb != Math.Floor(memoryMb))
            throw new ConfigException($"query.memory_limit_mb (from {src.OriginOf("query.memory_limit_mb")}) must be a whole number of MiB from {Amp.Query.Engine.QueryEngineOptions.MinimumMemoryLimitBytes / (1024 * 1024)}, got {memoryMb}");
        return defaults with
        {
            MaxConcurrentQueries = (int)maxConcurrent,
            MemoryLimitBytes = (long)memoryMb * 1024 * 1024,
            StatementTimeout = Seconds(src, "query.statement_timeout_secs", defaults.StatementTimeout.TotalSeconds),
        };
    }

    public static IPEndPoint ParseEndPoint(string raw, string origin) => ParseEndPoint(raw, origin, "admin_api_addr");

    public static IPEndPoint ParseEndPoint(string raw, string origin, string key)
    {
        if (IPEndPoint.TryParse(raw.Trim(), out var ep) && ep.Port is > 0 and < 65536 && raw.Contains(':', StringComparison.Ordinal))
            return ep;
        if (raw.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) && int.TryParse(raw[10..], out var port) && port is > 0 and < 65536)
            return new IPEndPoint(IPAddress.Loopback, port);
        throw new ConfigException($"{key} (from {origin}) must be an address and port such as 0.0.0.0:{PortExample(key)} or 127.0.0.1:{PortExample(key)}, got '{raw}'");
    }

    private static int PortExample(string key) => key switch
    {
        "jsonl_addr" => DefaultJsonlPort,
        "flight_addr" => DefaultFlightPort,
        _ => 1610,
    };
}
