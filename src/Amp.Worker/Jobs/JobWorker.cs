using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Amp.Core.Jobs;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Jobs;
using Amp.Worker.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Amp.Worker.Jobs;

/// <summary>
/// Runs the jobs the database assigns to this worker. START/STOP arrive through LISTEN on job_actions; every
/// <see cref="JobWorkerOptions.ReconcileInterval"/>, after every (re)registration and after the listener is
/// re-created, the worker reconciles with the database instead of trusting notifications. All state changes
/// are compare-and-set on (job, node, epoch); a conflict is logged and reconciled, never a crash. Fencing of
/// the incarnation cancels every job at once.
/// </summary>
public sealed partial class JobWorker
{
    private abstract record Command;
    private sealed record StartJob(JobId Id) : Command;
    private sealed record StartScheduled : Command;
    private sealed record Claim(IReadOnlyCollection<JobId> Ids, bool AllScheduled) : Command;
    private sealed record StopJob(JobId Id) : Command;
    private sealed record Reconcile : Command;

    private readonly WorkerNode _node;
    private readonly MetadataDatabase _db;
    private readonly JobKinds _kinds;
    private readonly JobWorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JobRepository _jobs;
    private readonly JobTransitions _transitions;
    private readonly Channel<Command> _inbox = Channel.CreateUnbounded<Command>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<JobId, RunningJob> _running = new();
    private readonly ExecutionJournal? _journal;

    public JobWorker(WorkerNode node, MetadataDatabase db, JobKinds kinds, JobWorkerOptions options, TimeProvider time, ILogger<JobWorker> logger)
    {
        _node = node;
        _db = db;
        _kinds = kinds;
        _options = options;
        _time = time;
        _logger = logger;
        _jobs = new JobRepository(db.DataSource);
        _transitions = new JobTransitions(db.DataSource);
        node.IncarnationStarted += _ => _inbox.Writer.TryWrite(new Reconcile());
        if (options.ExecutionJournalDirectory is { } journal)
            _journal = ExecutionJournal.Open(journal, node.NodeId);
    }

    /// <summary>Jobs currently executing in this process.</summary>
    public int RunningCount => _running.Count;

    public async Task RunAsync(CancellationToken ct)
    {
        var listener = ListenLoopAsync(ct);
        var ticker = ReconcileLoopAsync(ct);
        _inbox.Writer.TryWrite(new Reconcile());
        try
        {
            await foreach (var command in _inbox.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    await HandleAsync(command is StartJob or StartScheduled ? CoalesceStarts(command) : command, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    if (DbErrors.IsConnectionError(ex))
                        _db.ResetPool();
                    JobLog.StepFailed(_logger, _node.NodeId.Value, DbErrors.Describe(ex));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await Task.WhenAll(listener, ticker).ConfigureAwait(false);
    }

    /// <summary>
    /// Graceful stop: cancels every job and hands RUNNING ones back as SCHEDULED while the lock is still held,
    /// so the controller reschedules them at once without counting an attempt.
    /// </summary>
    public async Task StopAsync(CancellationToken ct)
    {
        var jobs = _running.Values.ToList();
        foreach (var job in jobs)
        {
            job.Lost = true;
            await job.Cancellation.CancelAsync().ConfigureAwait(false);
        }
        await Task.WhenAll(jobs.Select(j => j.Task)).WaitAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_node.Current is not { } incarnation || jobs.Count == 0)
            return;
        JobLog.Releasing(_logger, _node.NodeId.Value, incarnation.Epoch.Value, jobs.Count);
        foreach (var job in jobs.Where(j => j.Owner == incarnation))
        {
            try
            {
                await _transitions.ReleaseAsync(job.Id, incarnation.NodeId, incarnation.Epoch, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                JobLog.StepFailed(_logger, _node.NodeId.Value, DbErrors.Describe(ex));
            }
        }
    }

    /// <summary>
    /// A start and the starts queued right behind it, as one claim: under a burst of jobs the worker claims many in
    /// one statement instead of one round trip each. Never reaches past a stop or a reconcile, so their order holds.
    /// </summary>
    private Claim CoalesceStarts(Command first)
    {
        const int max = 1000;
        var ids = new HashSet<JobId>();
        var all = false;
        for (var command = first; ; )
        {
            if (command is StartJob s)
                ids.Add(s.Id);
            else
                all = true;
            if (ids.Count >= max || !_inbox.Reader.TryPeek(out var next) || next is not (StartJob or StartScheduled) || !_inbox.Reader.TryRead(out command))
                return new Claim(ids, all);
        }
    }

    /// <summary>Called for each job_actions notification addressed to any node.</summary>
    internal void OnNotification(string payload)
    {
        if (JobNotification.TryParseStartScheduled(payload, out var nodes))
        {
            if (nodes is null || nodes.Contains(_node.NodeId.Value))
                _inbox.Writer.TryWrite(new StartScheduled());
            return;
        }
        if (!JobNotification.TryParse(payload, out var n, out var error))
        {
            JobLog.MalformedNotification(_logger, error, payload.Length > 200 ? payload[..200] : payload);
            return;
        }
        if (n.NodeId != _node.NodeId)
            return;
        _inbox.Writer.TryWrite(n.Action == JobAction.Start ? new StartJob(n.JobId) : new StopJob(n.JobId));
    }

    private async Task ReconcileLoopAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(_options.ReconcileInterval, _time, ct).ConfigureAwait(false);
                _inbox.Writer.TryWrite(new Reconcile());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task HandleAsync(Command command, CancellationToken ct) => command switch
    {
        Claim c => ClaimAndStartAsync(c.Ids, c.AllScheduled, ct),
        StopJob s => StopJobAsync(s.Id, ct),
        Reconcile => ReconcileAsync(ct),
        _ => Task.CompletedTask,
    };

    /// <summary>
    /// Claims the given jobs (and with <paramref name="allScheduled"/> every job scheduled on this node) in one
    /// statement and starts each one taken. Jobs already running here under the current incarnation are left alone.
    /// </summary>
    private async Task ClaimAndStartAsync(IReadOnlyCollection<JobId> ids, bool allScheduled, CancellationToken ct)
    {
        if (_node.Current is not { } incarnation)
            return;
        var mine = _running.Values.Where(r => r.Owner == incarnation).Select(r => r.Id).ToHashSet();
        var wanted = ids.Where(id => !mine.Contains(id)).ToArray();
        if (wanted.Length == 0 && !allScheduled)
            return;
        var claimed = await _transitions.ClaimAsync(wanted, allScheduled, mine, incarnation.NodeId, incarnation.Epoch, ct).ConfigureAwait(false);
        foreach (var job in claimed)
            await LaunchAsync(job, incarnation, ct).ConfigureAwait(false);
    }

    private async Task LaunchAsync(ClaimedJob job, Incarnation incarnation, CancellationToken ct)
    {
        if (!JobDescriptor.TryParse(job.Descriptor, out var descriptor, out var error) || _kinds.Find(descriptor!.Kind) is not { } kind)
        {
            var payload = ErrorPayload("INVALID_DESCRIPTOR", error ?? $"this worker cannot run job kind '{job.Descriptor["kind"]}'", job.Attempts);
            await _transitions.FinishAsync(job.Id, incarnation.NodeId, incarnation.Epoch, JobStatus.Fatal, payload, ct).ConfigureAwait(false);
            JobLog.Ended(_logger, job.Id.Value, incarnation.NodeId.Value, incarnation.Epoch.Value, "FATAL (invalid descriptor)");
            return;
        }
        if (job.Previous == JobStatus.Running && job.PreviousEpoch is { } previous)
            JobLog.Resumed(_logger, job.Id.Value, incarnation.NodeId.Value, incarnation.Epoch.Value, previous.Value);
        else
            JobLog.Started(_logger, job.Id.Value, incarnation.NodeId.Value, incarnation.Epoch.Value, kind.Kind);

        if (_running.TryGetValue(job.Id, out var local))
            local.Cancellation.Cancel(); // a run of an earlier incarnation of this node
        var running = new RunningJob(job.Id, incarnation, CancellationTokenSource.CreateLinkedTokenSource(incarnation.Fenced));
        _running[job.Id] = running;
        running.Task = Task.Run(() => ExecuteAsync(running, kind, descriptor, job.Attempts), CancellationToken.None);
    }

    private async Task StopJobAsync(JobId id, CancellationToken ct)
    {
        var job = await _jobs.GetAsync(id, ct).ConfigureAwait(false);
        if (job is not null)
            await StopJobAsync(job, ct).ConfigureAwait(false);
    }

    private async Task StopJobAsync(JobRecord job, CancellationToken ct)
    {
        if (_node.Current is not { } incarnation || job.NodeId != incarnation.NodeId)
            return;
        if (job.Status == JobStatus.StopRequested
            && !await _transitions.BeginStopAsync(job.Id, incarnation.NodeId, incarnation.Epoch, ct).ConfigureAwait(false))
        {
            JobLog.Conflict(_logger, job.Id.Value, incarnation.NodeId.Value, incarnation.Epoch.Value, "could not begin stopping it");
            return;
        }
        if (job.Status is not (JobStatus.StopRequested or JobStatus.Stopping))
            return;
        if (_running.TryGetValue(job.Id, out var local))
        {
            local.StopRequested = true;
            await local.Cancellation.CancelAsync().ConfigureAwait(false);
            return; // the task's end writes STOPPED
        }
        if (await _transitions.StoppedAsync(job.Id, incarnation.NodeId, incarnation.Epoch, ct).ConfigureAwait(false))
            JobLog.Ended(_logger, job.Id.Value, incarnation.NodeId.Value, incarnation.Epoch.Value, "STOPPED");
    }

    private async Task ReconcileAsync(CancellationToken ct)
    {
        if (_node.Current is not { } incarnation)
            return;
        var assigned = await _jobs.ListActiveForNodeAsync(incarnation.NodeId, ct).ConfigureAwait(false);
        var ids = assigned.Select(j => j.Id).ToHashSet();
        foreach (var local in _running.Values.Where(r => !ids.Contains(r.Id)))
            await DropAsync(local, "it is no longer assigned to this worker").ConfigureAwait(false);
        var toStart = assigned.Where(j => j.Status is JobStatus.Scheduled or JobStatus.Running).Select(j => j.Id).ToArray();
        if (toStart.Length > 0)
            await ClaimAndStartAsync(toStart, allScheduled: false, ct).ConfigureAwait(false);
        foreach (var job in assigned)
        {
            switch (job.Status)
            {
                case JobStatus.StopRequested:
                    await StopJobAsync(job, ct).ConfigureAwait(false);
                    break;
                case JobStatus.Stopping when !_running.ContainsKey(job.Id):
                    await StopJobAsync(job, ct).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task DropAsync(RunningJob job, string reason)
    {
        job.Lost = true;
        JobLog.Lost(_logger, job.Id.Value, job.Owner.NodeId.Value, job.Owner.Epoch.Value, reason);
        await job.Cancellation.CancelAsync().ConfigureAwait(false);
    }

    internal static JsonObject ErrorPayload(string code, string message, int attempt, Exception? cause = null)
    {
        var payload = new JsonObject { ["error_code"] = code, ["error_message"] = message };
        var context = new JsonObject { ["attempt_index"] = attempt };
        if (cause is not null)
            context["stack_trace"] = new JsonArray(Causes(cause).Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        payload["error_context"] = context;
        return payload;
    }

    private static IEnumerable<string> Causes(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            yield return $"{e.GetType().Name}: {e.Message}";
    }
}
