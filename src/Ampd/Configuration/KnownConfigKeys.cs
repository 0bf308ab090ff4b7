namespace Ampd.Configuration;

/// <summary>
/// Every configuration key ampd recognises, in one list: a key read anywhere in ampd must be added here, or the
/// typo check warns about it. A trailing <c>.*</c> accepts a whole table (<c>writer.*</c>). Keys are the dotted
/// TOML path, lower case (<c>[workers] inactive_threshold_secs</c> is <c>workers.inactive_threshold_secs</c>).
/// </summary>
public static class KnownConfigKeys
{
    /// <summary>Keys this implementation reads.</summary>
    public static readonly IReadOnlyList<string> Used =
    [
        // Metadata database
        "metadata_db.url",
        "metadata_db_url", // Amp's deprecated top-level spelling, still honoured
        "metadata_db.pool_size",
        "metadata_db.auto_migrate",
        // Admin API
        "admin_api_addr",
        "admin_api.auth_token",
        "admin_api.auth_token_file",
        "admin_api.allowed_hosts",
        "admin_api.db_timeout_secs",
        // Workers and jobs
        "workers.heartbeat_interval_secs",
        "workers.active_threshold_secs",
        "workers.inactive_threshold_secs",
        "workers.fencing_grace_secs",
        "jobs.reconcile_interval_secs",
        "jobs.max_attempts",
        "jobs.retry_backoff_cap_secs",
        "jobs.execution_journal",
        "worker_metrics_addr",
        // Data plane
        "data_dir",
        "providers_dir",
        "manifests_dir",
        "jsonl_addr",
        "flight_addr",
        "poll_interval_secs",
        "query.statement_timeout_secs",
        "query.memory_limit_mb",
        "query.max_concurrent",
        "query.refresh_interval_secs",
        "writer.segment_flush_interval_secs",
        "writer.bytes",
        // Web dashboard
        "dashboard.query_url",
        // This check itself
        "strict_config",
    ];

    /// <summary>Keys Amp documents that this implementation accepts and ignores (one info line each).</summary>
    public static readonly IReadOnlyList<string> AmpOnly =
    [
        "metadata_db.min_connections",
        "metadata_db.max_lifetime_secs",
        "metadata_db.idle_timeout_secs",
        "microbatch_max_interval",
        "keep_alive_interval",
        "max_mem_mb",
        "query_max_mem_mb",
        "spill_location",
        "worker_events.*",
        // Amp's [writer] keys besides the two read here, named one by one so a typo of those two is still caught.
        "writer.compression",
        "writer.bloom_filters",
        "writer.cache_size_mb",
        "writer.max_row_group_mb",
        "writer.rows",
        "writer.compactor.*",
        "writer.collector.*",
    ];

    public static bool IsUsed(string key) => Matches(Used, key);

    public static bool IsAmpOnly(string key) => Matches(AmpOnly, key);

    private static bool Matches(IReadOnlyList<string> patterns, string key)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.EndsWith(".*", StringComparison.Ordinal)
                ? key.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
                : string.Equals(pattern, key, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
