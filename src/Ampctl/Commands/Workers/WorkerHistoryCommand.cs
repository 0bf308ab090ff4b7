using System.CommandLine;
using Ampctl.Output.Workers;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker history NODE_ID</c>: <c>GET /workers/{id}/incarnations</c>, every start and reconnect of the
/// node ID with how it ended, and the duplicate starts that were refused.
/// </summary>
internal static class WorkerHistoryCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var nodeId = NodeIdArgument.Create();

        var command = new Command("history", "Show every incarnation of a worker (host, pid, version, how it ended) and refused duplicate starts");
        command.Arguments.Add(nodeId);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var id = ctx.Get(nodeId);
            var result = await ctx.Client.GetWorkerIncarnationsAsync(id, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error, subject: id.Value);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                HistoryView.Write(ctx.Output, result.Value);
            return ExitCodes.Ok;
        });
        return command;
    }
}
