using System.CommandLine;
using Amp.Core.Workers;
using Ampctl.Output;
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
        var nodeId = new Argument<NodeId>("NODE_ID")
        {
            Description = "The worker's node ID, e.g. worker-01",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
                if (NodeId.TryParse(raw, out var id, out var error))
                    return id;
                result.AddError(error);
                return default;
            },
        };

        var command = new Command("inspect", "Show one worker: status, timestamps, uptime, restarts and build info");
        command.Aliases.Add("get");
        command.Arguments.Add(nodeId);
        common.AddTo(command);

        command.SetAction(async (ParseResult parsed, CancellationToken ct) =>
        {
            var output = new CliOutput(host);
            if (!common.TryCreateClient(parsed, out var client, out var usage))
            {
                output.Errors.Write(usage);
                return ExitCodes.Usage;
            }
            using (client)
            {
                var id = parsed.GetValue(nodeId);
                var result = await client.GetWorkerAsync(id, ct).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    output.Errors.Write(result.Error, subject: id.Value);
                    return ExitCodes.Failure;
                }
                if (parsed.GetValue(common.Json))
                    output.WriteJson(result.RawJson);
                else
                    output.WriteText(WorkerInspectView.Render(result.Value, output.UseColour));
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}
