using System.CommandLine;
using Amp.AdminClient;
using Amp.AdminClient.Workers;
using Amp.Core.Workers;
using Ampctl.Output;

namespace Ampctl.Commands.Workers;

/// <summary>
/// The shape of the commands that change one worker (<c>drain</c>, <c>undrain</c>, <c>retire</c>): a validated
/// <c>NODE_ID</c>, one POST, then one <c>✓</c> line made from the worker the API returned (or its JSON), and
/// optionally a follow-up (<c>drain --wait</c>) that decides the exit code.
/// </summary>
internal static class WorkerActionCommand
{
    public static Command Create(
        CliHost host,
        string name,
        string description,
        Func<AdminApiClient, NodeId, CancellationToken, Task<AdminResult<Worker>>> call,
        Func<Worker, string> done,
        Func<Command, Func<CommandContext, NodeId, Task<int>>>? followUp = null)
    {
        var common = new CommonOptions(host);
        var nodeId = NodeIdArgument.Create();
        var command = new Command(name, description);
        command.Arguments.Add(nodeId);
        var then = followUp?.Invoke(command);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var id = ctx.Get(nodeId);
            var result = await call(ctx.Client, id, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error, subject: id.Value);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} {done(result.Value)}\n");
            return then is null ? ExitCodes.Ok : await then(ctx, id).ConfigureAwait(false);
        });
        return command;
    }
}
