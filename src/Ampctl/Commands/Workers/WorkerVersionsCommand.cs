using System.CommandLine;
using Amp.Core.Workers;
using Ampctl.Output.Workers;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker versions [--all]</c>: which builds the fleet runs, from one <c>GET /workers</c>
/// (<c>?status=active</c> unless <c>--all</c>). A mismatch is flagged but exits 0: it is information, not an error.
/// </summary>
internal static class WorkerVersionsCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host, "Print the result as one JSON line: versions (version, commit_sha, workers, node_ids) and mismatch");
        var all = new Option<bool>("--all", "-a")
        {
            Description = "Count every registered worker (stalled and inactive too), not only active ones",
        };

        var command = new Command("versions", "Show which versions the workers run, and flag a mismatch");
        command.Options.Add(all);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var everyone = ctx.Get(all);
            var result = await ctx.Client.ListWorkersAsync(everyone ? null : WorkerStatus.Active, ct: ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            var report = VersionReport.Evaluate(result.Value.Workers);
            if (ctx.Json)
                ctx.Output.WriteJson(report.ToJson());
            else
                report.WriteText(ctx.Output, everyone ? WorkerTable.Empty : "No active workers found");
            return ExitCodes.Ok;
        });
        return command;
    }
}
