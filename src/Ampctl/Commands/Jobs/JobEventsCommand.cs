using System.CommandLine;
using Ampctl.Output.Jobs;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// <c>ampctl job events JOB_ID [--event-id E]</c>: <c>GET /jobs/{id}/events</c>, the job's lifecycle, or with
/// <c>--event-id</c> <c>GET /jobs/{id}/events/{E}</c>, one event with its detail (descriptor, reason, error).
/// </summary>
internal static class JobEventsCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var jobId = JobIdArgument.Create();
        var eventId = JobIdArgument.CreateEventIdOption("Show this one event with its full detail");

        var command = new Command("events", "Show a job's lifecycle events, or one event with its detail");
        command.Arguments.Add(jobId);
        command.Options.Add(eventId);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var id = ctx.Get(jobId);
            if (ctx.Get(eventId) is { } e)
            {
                var one = await ctx.Client.GetJobEventAsync(id, e, ctx.Ct).ConfigureAwait(false);
                if (!one.IsSuccess)
                    return JobFailures.Fail(ctx, one.Error, id, e);
                if (ctx.Json)
                    ctx.Output.WriteJson(one.RawJson);
                else
                    ctx.Output.WriteText(JobEventsView.Render(one.Value));
                return ExitCodes.Ok;
            }

            var all = await ctx.Client.GetJobEventsAsync(id, ctx.Ct).ConfigureAwait(false);
            if (!all.IsSuccess)
                return JobFailures.Fail(ctx, all.Error, id);
            if (ctx.Json)
                ctx.Output.WriteJson(all.RawJson);
            else
                ctx.Output.WriteText(JobEventsView.Render(all.Value));
            return ExitCodes.Ok;
        });
        return command;
    }
}
