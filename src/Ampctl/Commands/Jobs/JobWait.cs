using System.CommandLine;
using Amp.AdminClient.Jobs;
using Ampctl.Output;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// <c>--wait</c> of <c>job run</c>: follows the job until it is COMPLETED (exit 0), STOPPED or FATAL (exit 1), printing
/// each status change on stderr; <c>--timeout</c> (default 1h) gives up with exit 1. ERROR is not an end: the job is
/// retried until it runs out of attempts and becomes FATAL.
/// </summary>
internal static class JobWait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

    public static Option<bool> WaitOption() => new("--wait", "-w")
    {
        Description = "Follow the job to its end; exit 0 when it COMPLETED, 1 when it STOPPED or became FATAL",
    };

    public static Option<TimeSpan?> TimeoutOption() =>
        DurationOption.Create("--timeout", "With --wait: give up (exit 1) after this long", positive: true, DefaultTimeout);

    public static bool IsEnd(JobStatus status) => status is JobStatus.Completed or JobStatus.Stopped or JobStatus.Fatal;

    public static async Task<int> ToEndAsync(CommandContext ctx, JobId id, TimeSpan timeout)
    {
        var (last, done) = await Polling.UntilAsync(
            ct => ctx.Client.GetJobAsync(id, ct), j => IsEnd(j.Status),
            j => $"job {id} {j.Status.ToWire()} on {j.NodeId.Value}", ctx.Output.Errors.WriteProgress, timeout, ctx.Ct).ConfigureAwait(false);
        if (!last.IsSuccess)
            return JobFailures.Fail(ctx, last.Error, id);
        if (ctx.Json)
            ctx.Output.WriteJson(last.RawJson);
        if (!done)
        {
            ctx.Output.Errors.Write($"job {id} is still {last.Value.Status.ToWire()} after {DurationOption.Format(timeout)}; follow it with 'ampctl job inspect {id}'");
            return ExitCodes.Failure;
        }
        var job = last.Value;
        var ok = job.Status == JobStatus.Completed;
        if (!ctx.Json)
        {
            ctx.Output.WriteText($"{Marks.For(ok, ctx.Output.UseColour)} Job {id} {job.Status.ToWire()} on {job.NodeId.Value}{(ok ? "" : $"; see 'ampctl job progress {id}'")}\n");
        }
        return ok ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
