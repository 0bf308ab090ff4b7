using System.CommandLine;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker safe-to-stop NODE_ID</c>: <c>GET /workers/{id}/safe-to-stop</c>; prints <c>safe</c> (exit 0)
/// or <c>not safe: REASON</c> (exit 1), so it can gate a preStop hook:
/// <c>until ampctl worker safe-to-stop w1; do sleep 1; done</c>.
/// </summary>
internal static class WorkerSafeToStopCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var nodeId = NodeIdArgument.Create();
        var command = new Command("safe-to-stop", "Exit 0 when stopping the worker now loses no work (drained, acknowledged, idle), 1 otherwise");
        command.Arguments.Add(nodeId);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var id = ctx.Get(nodeId);
            var result = await ctx.Client.GetSafeToStopAsync(id, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error, subject: id.Value);
            var verdict = result.Value;
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                ctx.Output.WriteText(verdict.Safe ? "safe\n" : $"not safe: {verdict.Reason}\n");
            return verdict.Safe ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
