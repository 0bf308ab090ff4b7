using Microsoft.Extensions.Logging;

namespace Ampd.Hosting;

internal static partial class ControllerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API listening on http://{address} (metadata {target})")]
    public static partial void Serving(ILogger logger, string address, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API not served (--admin-server not chosen); scheduler and worker running (metadata {target})")]
    public static partial void NotServing(ILogger logger, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Solo mode: metadata database URL for other processes: {url}")]
    public static partial void SoloDatabase(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Solo mode: config file {config_file}; amp dir {amp_dir}")]
    public static partial void SoloConfig(ILogger logger, string config_file, string amp_dir);

    [LoggerMessage(Level = LogLevel.Error, Message = "Managed PostgreSQL (pid {pid}) exited unexpectedly; stopping solo. The postgres[…] lines above say why; start ampd solo again, which cleans up and reuses the cluster in {data_dir}, or let a supervisor do it (systemd Restart=on-failure, docs/deploy.md)")]
    public static partial void ManagedPostgresExited(ILogger logger, int pid, string data_dir);
}
