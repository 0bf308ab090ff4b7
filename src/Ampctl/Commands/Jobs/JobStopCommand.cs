using System.CommandLine;
using Ampctl.Output;
using Ampctl.Output.Jobs;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// <c>ampctl job stop JOB_ID</c>: <c>PUT /jobs/{id}/stop</c>. The job moves to STOP_REQUESTED and its worker stops
/// it; stopping a job that has already finished succeeds and changes nothing.
/// </summary>
internal static class JobStopCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var jobId = JobIdArgument.Create();

        var command = new Command("stop", "Ask a job's worker to stop it (a finished job is left as it is)");
        command.Arguments.Add(jobId);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var id = ctx.Get(jobId);
            var result = await ctx.Client.StopJobAsync(id, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return JobFailures.Fail(ctx, result.Error, id);
            if (ctx.Json)
                ctx.Output.WriteJson(JobResultJson.JobId(id));
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Job {id} stop requested\n");
            return ExitCodes.Ok;
        });
        return command;
    }
}
