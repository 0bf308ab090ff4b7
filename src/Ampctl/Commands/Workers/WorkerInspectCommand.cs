using System.CommandLine;
using Ampctl.Output.Workers;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker inspect NODE_ID</c> (<c>get</c>): <c>GET /workers/{id}</c>. The node ID is validated
/// while parsing, so a bad one is a usage error and no request is sent.
/// </summary>
internal static class WorkerInspectCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var nodeId = NodeIdArgument.Create();

        var command = new Command("inspect", "Show one worker: status, timestamps, uptime, restarts, build info, drain state and recent incarnations");
        command.Aliases.Add("get");
        command.Arguments.Add(nodeId);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var id = ctx.Get(nodeId);
            var result = await ctx.Client.GetWorkerAsync(id, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error, subject: id.Value);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                ctx.Output.WriteText(WorkerInspectView.Render(result.Value, ctx.Output.UseColour));
            return ExitCodes.Ok;
        });
        return command;
    }
}
