using Microsoft.Extensions.Logging;

namespace Amp.Worker;

/// <summary>The worker's log lines, with fixed field names (node_id, epoch).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {node_id} registered: epoch {epoch}, lock session backend pid {backend_pid}, version {version}")]
    public static partial void Registered(ILogger logger, string node_id, long epoch, int backend_pid, string version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker node ID '{node_id}' is already in use by another live process (lock held by backend pid {holder_pid}, application '{holder_app}'); refusing to start. Stop the other worker or pick another --node-id")]
    public static partial void InUse(ILogger logger, string node_id, int? holder_pid, string? holder_app);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id} epoch {epoch}: heartbeat failed ({reason}); fencing: stopping all work of this incarnation and reconnecting")]
    public static partial void HeartbeatFailed(ILogger logger, string node_id, long epoch, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id}: reconnect attempt {attempt} failed ({reason}); retrying in {retry_seconds}s")]
    public static partial void ReconnectFailed(ILogger logger, string node_id, int attempt, string reason, double retry_seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {node_id} is back: epoch {previous_epoch} ended (connection_lost), now epoch {epoch}")]
    public static partial void Reconnected(ILogger logger, string node_id, long previous_epoch, long epoch);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {node_id} epoch {epoch}: while it was disconnected another live process took its node ID (lock held by backend pid {holder_pid}); exiting")]
    public static partial void Superseded(ILogger logger, string node_id, long epoch, int? holder_pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id}: the lock is still held by our own lost session (backend pid {backend_pid}); terminating it")]
    public static partial void ReclaimingStaleSession(ILogger logger, string node_id, int backend_pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {node_id} epoch {epoch} stopped gracefully; lock released")]
    public static partial void StoppedGracefully(ILogger logger, string node_id, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id} epoch {epoch}: could not record the graceful end ({reason}); the next start will close it")]
    public static partial void GracefulEndFailed(ILogger logger, string node_id, long epoch, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id}: could not record the refused start ({reason})")]
    public static partial void RecordRefusalFailed(ILogger logger, string node_id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {node_id} epoch {epoch}: draining = {draining} (acknowledged)")]
    public static partial void DrainChanged(ILogger logger, string node_id, long epoch, bool draining);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id} epoch {epoch}: the lock is still held by this process's own lost session (backend {backend_pid}); retrying in {retry_seconds}s")]
    public static partial void OwnSessionStillHoldsLock(ILogger logger, string node_id, long epoch, int? backend_pid, double retry_seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {node_id}: its current incarnation heartbeated {age_seconds:0.#}s ago and may be reconnecting; waiting until it holds its lock again or has been silent for {active_seconds}s")]
    public static partial void YieldingToIncumbent(ILogger logger, string node_id, double age_seconds, double active_seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id} epoch {epoch}: could not record the lost incarnation at once ({reason}); the next registration records it")]
    public static partial void RecordLossFailed(ILogger logger, string node_id, long epoch, string reason);
}
