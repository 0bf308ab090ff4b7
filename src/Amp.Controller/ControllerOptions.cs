using Amp.Controller.Security;
using Amp.Core.Workers;

namespace Amp.Controller;

/// <summary>Settings of the Admin API and scheduler.</summary>
public sealed record ControllerOptions
{
    public LivenessThresholds Liveness { get; init; } = LivenessThresholds.Default;

    /// <summary>How often the controller records vanished incarnations as crashed.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the controller looks for jobs to fail over, retry or finish stopping.</summary>
    public TimeSpan SupervisorInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Attempts (first run, retries, crashes) before a job becomes FATAL.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>
    /// How long a database-backed request may take before it is answered 503 METADATA_DB_UNAVAILABLE: a frozen
    /// or overloaded PostgreSQL makes the API say so instead of hanging its clients.
    /// </summary>
    public TimeSpan DbTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the controller waits, after it first sees that a worker's lock session is gone, before it moves
    /// that worker's jobs. It covers the worker's own detection (its lock session waits on the socket, so it sees
    /// the session end within milliseconds and cancels its jobs), so no job runs on two processes at once.
    /// </summary>
    public TimeSpan FencingGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Who may use the Admin API: the bearer token, the Host allow-list, the cross-site rules.</summary>
    public AdminApiSecurity Security { get; init; } = AdminApiSecurity.Open;

    /// <summary>The web dashboard's refresh interval (the heartbeat interval) and the query server its query box uses.</summary>
    public Dashboard.DashboardOptions Dashboard { get; init; } = Amp.Controller.Dashboard.DashboardOptions.Default;

    /// <summary>Upper bound of the 2^n seconds retry backoff of ERROR jobs.</summary>
    public TimeSpan RetryBackoffCap { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where manifests (<c>manifests_dir</c>), providers (<c>providers_dir</c>) and Parquet data (<c>data_dir</c>) live.</summary>
    public StorageDirectories Storage { get; init; } = StorageDirectories.Under(Path.Combine(Environment.CurrentDirectory, ".amp"));
}

/// <summary>The three storage locations of Amp's config, as absolute local directories.</summary>
public sealed record StorageDirectories(string DataDir, string ProvidersDir, string ManifestsDir)
{
    /// <summary><c>&lt;root&gt;/data</c>, <c>&lt;root&gt;/providers</c>, <c>&lt;root&gt;/manifests</c>: what <c>ampd solo</c> uses under its amp directory.</summary>
    public static StorageDirectories Under(string root) =>
        new(Path.Combine(root, "data"), Path.Combine(root, "providers"), Path.Combine(root, "manifests"));
}
