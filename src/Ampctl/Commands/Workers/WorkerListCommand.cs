using System.CommandLine;
using Amp.Core.Workers;
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
        var includeRetired = new Option<bool>("--include-retired")
        {
            Description = "Also list retired workers (hidden by default)",
        };

        var command = new Command("list", "List workers with their status, version, last heartbeat, uptime and running jobs");
        command.Aliases.Add("ls");
        command.Options.Add(status);
        command.Options.Add(version);
        command.Options.Add(includeRetired);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.ListWorkersAsync(ctx.Get(status), ctx.Get(version), ctx.Get(includeRetired), ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                WorkerTable.Write(ctx.Output, result.Value);
            return ExitCodes.Ok;
        });
        return command;
    }
}
