using Amp.Core.Jobs;
using Amp.Worker.Lifecycle;

namespace Amp.Worker.Jobs;

/// <summary>A job this process runs: its task, the incarnation that claimed it, and why it may be cancelled.</summary>
internal sealed class RunningJob(JobId id, Incarnation owner, CancellationTokenSource cts)
{
    public JobId Id { get; } = id;
    public Incarnation Owner { get; } = owner;
    public CancellationTokenSource Cancellation { get; } = cts;
    public Task Task { get; set; } = Task.CompletedTask;

    /// <summary>Set before cancelling because an operator asked to stop: the end is written as STOPPED.</summary>
    public volatile bool StopRequested;

    /// <summary>Set before cancelling because the job is no longer ours: nothing is written.</summary>
    public volatile bool Lost;
}
