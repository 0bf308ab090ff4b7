using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Jobs;

namespace Amp.Controller.Jobs;

/// <summary>
/// Keeps every job going: jobs of an inactive worker move to the least-loaded active worker (a crash counts as
/// an attempt), ERROR jobs are retried after 2^n s on any active worker, stops that a vanished worker cannot
/// finish are finished here, and jobs out of attempts become FATAL. Every change is compare-and-set on the
/// assignment it saw, so several controllers can run this at once.
/// </summary>
public sealed partial class JobSupervisor(
    MetadataDatabase db, JobRepository jobs, JobScheduling scheduling, ControllerOptions options, ILogger<JobSupervisor> logger,
    TimeProvider? time = null) : BackgroundService
{
    private readonly FencingGrace _grace = new(options.FencingGrace, time ?? TimeProvider.System);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await scheduling.WarmUpAsync(options.Liveness, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            PassFailed(logger, "warming up the scheduling path: " + DbErrors.Describe(ex)); // not fatal: the first POST /jobs is just slower
        }
        using var timer = new PeriodicTimer(options.SupervisorInterval);
        do
        {
            try
            {
                await SuperviseAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (DbErrors.IsConnectionError(ex))
                    db.ResetPool();
                PassFailed(logger, DbErrors.Describe(ex));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One pass: failover first, then retries.</summary>
    public async Task SuperviseAsync(CancellationToken ct)
    {
        var orphans = _grace.Passed(await jobs.ListOrphanedAsync(options.Liveness.Inactive, ct).ConfigureAwait(false));
        var retries = await jobs.ListRetryReadyAsync(options.RetryBackoffCap, ct).ConfigureAwait(false);
        if (orphans.Count == 0 && retries.Count == 0)
            return;
        List<Candidate> candidates;
        await using (var conn = await db.DataSource.OpenBoundedAsync(ct).ConfigureAwait(false))
            candidates = [.. await scheduling.ListCandidatesAsync(conn, null, options.Liveness, ct).ConfigureAwait(false)];

        foreach (var job in orphans)
            await FailOverAsync(job, candidates, ct).ConfigureAwait(false);
        foreach (var job in retries)
            await RetryAsync(job, candidates, ct).ConfigureAwait(false);
    }

    private async Task FailOverAsync(OrphanedJob job, List<Candidate> candidates, CancellationToken ct)
    {
        var why = $"worker {job.NodeId} is inactive: {job.WorkerState}";
        if (job.Status is JobStatus.StopRequested or JobStatus.Stopping)
        {
            if (await scheduling.EndAsync(job.Id, job.NodeId, job.Status, job.Epoch, JobStatus.Stopped, new JsonObject { ["reason"] = why }, ct).ConfigureAwait(false))
                Ended(logger, job.Id.Value, job.NodeId.Value, "STOPPED", why);
            return;
        }
        var crashed = job.Status == JobStatus.Running;
        if (crashed && job.Attempts >= job.MaxAttempts)
        {
            var detail = Error("MAX_ATTEMPTS_EXCEEDED", $"job ran {job.Attempts} time(s), the maximum; the last run ended because {why}", job.Attempts);
            if (await scheduling.EndAsync(job.Id, job.NodeId, job.Status, job.Epoch, JobStatus.Fatal, detail, ct).ConfigureAwait(false))
                Ended(logger, job.Id.Value, job.NodeId.Value, "FATAL", why);
            return;
        }
        if (Pick(candidates, job.NodeId) is not { } target)
        {
            NoTarget(logger, job.Id.Value, job.NodeId.Value, why);
            return;
        }
        var reason = new JsonObject { ["reason"] = "failover", ["from_node"] = job.NodeId.Value, ["why"] = why };
        if (await scheduling.MoveAsync(job.Id, job.NodeId, job.Status, job.Epoch, target, crashed, reason, ct).ConfigureAwait(false))
            Moved(logger, job.Id.Value, job.NodeId.Value, target.Value, why);
    }

    private async Task RetryAsync(RetryableJob job, List<Candidate> candidates, CancellationToken ct)
    {
        if (job.Attempts >= job.MaxAttempts)
        {
            var detail = job.Detail?.DeepClone() as JsonObject ?? Error("MAX_ATTEMPTS_EXCEEDED", "", job.Attempts);
            detail["final"] = $"no retry left: {job.Attempts} of {job.MaxAttempts} attempts used";
            if (await scheduling.EndAsync(job.Id, job.NodeId, JobStatus.Error, job.Epoch, JobStatus.Fatal, detail, ct).ConfigureAwait(false))
                Ended(logger, job.Id.Value, job.NodeId.Value, "FATAL", "attempts exhausted");
            return;
        }
        if (Pick(candidates, null) is not { } target)
            return;
        var reason = new JsonObject { ["reason"] = "retry", ["from_node"] = job.NodeId.Value };
        if (await scheduling.MoveAsync(job.Id, job.NodeId, JobStatus.Error, job.Epoch, target, countsAsAttempt: true, reason, ct).ConfigureAwait(false))
            Moved(logger, job.Id.Value, job.NodeId.Value, target.Value, $"retry after ERROR (attempt {job.Attempts + 1} of {job.MaxAttempts})");
    }

    /// <summary>Least-loaded candidate other than <paramref name="exclude"/>; counts the new job so a pass spreads its moves.</summary>
    private static Amp.Core.Workers.NodeId? Pick(List<Candidate> candidates, Amp.Core.Workers.NodeId? exclude)
    {
        var best = candidates.Where(c => exclude is null || c.NodeId != exclude.Value).OrderBy(c => c.Load).ThenBy(c => c.NodeId.Value, StringComparer.Ordinal).FirstOrDefault();
        if (best is null)
            return null;
        candidates[candidates.IndexOf(best)] = best with { Load = best.Load + 1 };
        return best.NodeId;
    }

    private static JsonObject Error(string code, string message, int attempt) => new()
    {
        ["error_code"] = code,
        ["error_message"] = message,
        ["error_context"] = new JsonObject { ["attempt_index"] = attempt },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {job_id} moved from {from_node} to {node_id}: {why}")]
    private static partial void Moved(ILogger logger, long job_id, string from_node, string node_id, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {job_id} on {node_id} ended as {status}: {why}")]
    private static partial void Ended(ILogger logger, long job_id, string node_id, string status, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {job_id} stays on {node_id} for now ({why}): no other active, non-draining worker")]
    private static partial void NoTarget(ILogger logger, long job_id, string node_id, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job supervision pass failed ({reason}); retrying on the next tick")]
    private static partial void PassFailed(ILogger logger, string reason);
}
