using Microsoft.Extensions.Logging;

namespace Amp.Worker.Jobs;

/// <summary>Job log lines of the worker, with fixed field names (node_id, epoch, job_id).</summary>
internal static partial class JobLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {job_id} started on {node_id} epoch {epoch} ({kind})")]
    public static partial void Started(ILogger logger, long job_id, string node_id, long epoch, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {job_id} resumed on {node_id} epoch {epoch} (was epoch {previous_epoch})")]
    public static partial void Resumed(ILogger logger, long job_id, string node_id, long epoch, long previous_epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {job_id} on {node_id} epoch {epoch} ended: {status}")]
    public static partial void Ended(ILogger logger, long job_id, string node_id, long epoch, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {job_id} on {node_id} epoch {epoch}: state changed under us ({what}); reconciling, not writing")]
    public static partial void Conflict(ILogger logger, long job_id, string node_id, long epoch, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {job_id} on {node_id} epoch {epoch}: no longer ours ({reason}); cancelled without writing")]
    public static partial void Lost(ILogger logger, long job_id, string node_id, long epoch, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring a malformed job_actions notification ({reason}): {payload}")]
    public static partial void MalformedNotification(ILogger logger, string reason, string payload);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id}: job_actions listener lost ({reason}); re-creating it in {retry_seconds}s and reconciling")]
    public static partial void ListenerLost(ILogger logger, string node_id, string reason, double retry_seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {node_id}: listening on job_actions")]
    public static partial void Listening(ILogger logger, string node_id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id}: job step failed ({reason}); the next reconcile retries it")]
    public static partial void StepFailed(ILogger logger, string node_id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {node_id} epoch {epoch}: handing {count} running job(s) back for rescheduling before shutdown")]
    public static partial void Releasing(ILogger logger, string node_id, long epoch, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {job_id} on {node_id} epoch {epoch} interrupted by a metadata database failure ({reason}); it resumes on the next reconcile")]
    public static partial void Interrupted(ILogger logger, long job_id, string node_id, long epoch, string reason);
}
