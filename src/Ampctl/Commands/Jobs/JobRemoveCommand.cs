using System.CommandLine;
using Ampctl.Output;
using Ampctl.Output.Jobs;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// <c>ampctl job rm JOB_ID</c> (<c>remove</c>): <c>DELETE /jobs/{id}</c>. Only a finished job can be removed (else
/// the API's JOB_CONFLICT, exit 1); removing a job that does not exist succeeds, and says that nothing was there.
/// </summary>
internal static class JobRemoveCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var jobId = JobIdArgument.Create();

        var command = new Command("rm", "Remove a finished job and its events (stop it first if it is still active)");
        command.Aliases.Add("remove");
        command.Arguments.Add(jobId);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var id = ctx.Get(jobId);
            var existing = await ctx.Client.GetJobAsync(id, ctx.Ct).ConfigureAwait(false);
            var absent = !existing.IsSuccess && existing.Error.ErrorCode == Amp.AdminClient.Jobs.JobErrorCodes.JobNotFound;
            var result = await ctx.Client.RemoveJobAsync(id, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return JobFailures.Fail(ctx, result.Error, id);
            if (ctx.Json)
                ctx.Output.WriteJson(JobResultJson.JobId(id));
            else if (absent)
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Job {id} does not exist; nothing to remove\n");
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Job {id} removed\n");
            return ExitCodes.Ok;
        });
        return command;
    }
}
