using System.CommandLine;
using Ampctl.Output.Jobs;

namespace Ampctl.Commands.Jobs;

/// <summary><c>ampctl job inspect JOB_ID</c> (<c>get</c>): <c>GET /jobs/{id}</c>.</summary>
internal static class JobInspectCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var jobId = JobIdArgument.Create();

        var command = new Command("inspect", "Show one job: status, worker, epoch, attempts, timestamps and descriptor");
        command.Aliases.Add("get");
        command.Arguments.Add(jobId);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var id = ctx.Get(jobId);
            var result = await ctx.Client.GetJobAsync(id, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return JobFailures.Fail(ctx, result.Error, id);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                ctx.Output.WriteText(JobInspectView.Render(result.Value));
            return ExitCodes.Ok;
        });
        return command;
    }
}
