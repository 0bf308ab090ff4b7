using System.CommandLine;
using Amp.Core.Time;
using Amp.Core.Workers;
using Ampctl.Output;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker drain NODE_ID [--wait [--timeout D]]</c>: <c>POST /workers/{id}/drain</c>; the worker takes no new
/// jobs. The worker acknowledges within about a second; <c>worker safe-to-stop</c> says when it may be stopped, and
/// <c>--wait</c> returns only then (exit 0), or exits 1 when <c>--timeout</c> (default 10m) passes first.
/// </summary>
internal static class WorkerDrainCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    public static Command Create(CliHost host) => WorkerActionCommand.Create(
        host,
        "drain",
        "Stop giving a worker new jobs (before stopping it); --wait returns when it is safe to stop",
        (client, id, ct) => client.DrainWorkerAsync(id, ct),
        w => $"Worker {w.NodeId} draining (no new jobs); acknowledged: {(w.DrainAcknowledgedAt is { } at ? Rfc3339.Format(at) : "pending")}",
        AddWait);

    private static Func<CommandContext, NodeId, Task<int>> AddWait(Command command)
    {
        var wait = new Option<bool>("--wait", "-w") { Description = "Return only when the worker is safe to stop (drained, no jobs running)" };
        var timeout = DurationOption.Create("--timeout", "With --wait: give up (exit 1) after this long", positive: true, DefaultTimeout);
        command.Options.Add(wait);
        command.Options.Add(timeout);
        return async (ctx, id) =>
        {
            if (!ctx.Get(wait))
                return ExitCodes.Ok;
            var limit = ctx.Get(timeout) ?? DefaultTimeout;
            var (last, safe) = await Polling.UntilAsync(ct => ctx.Client.GetSafeToStopAsync(id, ct), s => s.Safe,
                s => $"{id.Value} is not safe to stop yet: {s.Reason}", ctx.Output.Errors.WriteProgress, limit, ctx.Ct).ConfigureAwait(false);
            if (!last.IsSuccess)
                return ctx.Fail(last.Error, subject: id.Value);
            if (!safe)
            {
                ctx.Output.Errors.Write($"{id.Value} is still not safe to stop after {DurationOption.Format(limit)}: {last.Value.Reason}");
                return ExitCodes.Failure;
            }
            if (!ctx.Json)
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} {id.Value} is safe to stop: {last.Value.Reason}\n");
            return ExitCodes.Ok;
        };
    }
}
