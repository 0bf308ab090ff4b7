using System.CommandLine;
using Ampctl.Output.Jobs;

namespace Ampctl.Commands.Jobs;

/// <summary><c>ampctl job progress JOB_ID</c>: <c>GET /jobs/{id}/progress</c>, per-table progress and the latest error.</summary>
internal static class JobProgressCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var jobId = JobIdArgument.Create();

        var command = new Command("progress", "Show what a job has written per table, how far a timed job is, and why a failed job failed");
        command.Arguments.Add(jobId);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var id = ctx.Get(jobId);
            var result = await ctx.Client.GetJobProgressAsync(id, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return JobFailures.Fail(ctx, result.Error, id);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                ctx.Output.WriteText(JobProgressView.Render(result.Value));
            return ExitCodes.Ok;
        });
        return command;
    }
}
