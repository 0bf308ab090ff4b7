using System.CommandLine;
using Amp.AdminClient.Jobs;
using Ampctl.Output;
using Ampctl.Output.Jobs;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// <c>ampctl job prune [--status S]</c>: <c>DELETE /jobs?status=S</c>, removing every finished job in that state.
/// The status defaults to <c>terminal</c> and is always sent (Amp's ampctl sent none, which its server refused).
/// </summary>
internal static class JobPruneCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var names = string.Join(", ", JobPruneStatusNames.All.Select(s => s.ToWire()));
        var status = new Option<JobPruneStatus?>("--status", "-s")
        {
            Description = "Which finished jobs to remove: terminal (COMPLETED, STOPPED, ERROR, FATAL), completed, stopped, error or fatal (default: terminal)",
            HelpName = "STATUS",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (JobPruneStatusNames.TryParse(raw, out var parsed))
                    return parsed;
                result.AddError($"invalid --status '{raw}': expected {names}");
                return null;
            },
        };
        status.CompletionSources.Add([.. JobPruneStatusNames.All.Select(s => s.ToWire())]);

        var command = new Command("prune", "Remove all finished jobs, or those with one status");
        command.Options.Add(status);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.PruneJobsAsync(ctx.Get(status) ?? JobPruneStatus.Terminal, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(JobResultJson.Pruned(result.Value));
            else
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} {Done(result.Value)}\n");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>Pruned 3 terminal jobs</c>, <c>Pruned 1 job with status "error"</c>; Amp's wording when no count came back.</summary>
    public static string Done(JobsPruned pruned)
    {
        var terminal = pruned.Status == JobPruneStatus.Terminal;
        if (pruned.Deleted is not { } n)
            return terminal ? "Terminal jobs pruned" : $"Jobs with status \"{pruned.Status.ToWire()}\" pruned";
        var jobs = n == 1 ? "job" : "jobs";
        return terminal ? $"Pruned {n} terminal {jobs}" : $"Pruned {n} {jobs} with status \"{pruned.Status.ToWire()}\"";
    }
}
