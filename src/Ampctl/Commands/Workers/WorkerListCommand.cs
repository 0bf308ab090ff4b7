using System.CommandLine;
using Amp.Core.Workers;
using Ampctl.Output;
using Ampctl.Output.Workers;

namespace Ampctl.Commands.Workers;

/// <summary><c>ampctl worker list</c> (<c>ls</c>): <c>GET /workers</c>, with the filters passed to the server.</summary>
internal static class WorkerListCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var status = new Option<WorkerStatus?>("--status", "-s")
        {
            Description = "Only workers with this status: active, stalled or inactive",
            HelpName = "STATUS",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (WorkerStatusNames.TryParse(raw, out var parsed))
                    return parsed;
                result.AddError($"invalid --status '{raw}': expected active, stalled or inactive");
                return null;
            },
        };
        status.CompletionSources.Add("active", "stalled", "inactive");
        var version = new Option<string?>("--version")
        {
            Description = "Only workers that report exactly this version (as in 'Worker Info')",
            HelpName = "VERSION",
        };

        var command = new Command("list", "List workers with their status, version, last heartbeat and uptime");
        command.Aliases.Add("ls");
        command.Options.Add(status);
        command.Options.Add(version);
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
                var result = await client.ListWorkersAsync(parsed.GetValue(status), parsed.GetValue(version), ct).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    output.Errors.Write(result.Error);
                    return ExitCodes.Failure;
                }
                if (parsed.GetValue(common.Json))
                    output.WriteJson(result.RawJson);
                else
                    WorkerTable.Write(output, result.Value);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}
