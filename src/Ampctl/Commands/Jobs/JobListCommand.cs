using System.CommandLine;
using Amp.AdminClient.Jobs;
using Ampctl.Output.Jobs;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// <c>ampctl job list</c> (<c>ls</c>): <c>GET /jobs</c>, one page newest first, as a table. <c>--status</c> defaults
/// to <c>active</c> and is always sent; <c>--after</c> continues from a previous page's <c>Next cursor</c>.
/// </summary>
internal static class JobListCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var limit = new Option<int?>("--limit", "-l")
        {
            Description = "Maximum number of jobs to return (server default 50, maximum 1000)",
            HelpName = "N",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
                    return n;
                result.AddError($"invalid --limit '{raw}': must be a positive integer");
                return null;
            },
        };
        var after = JobIdArgument.CreateOption("--after", "-a", "List the jobs after this job ID (the 'Next cursor' of the previous page)");
        var status = new Option<JobListFilter>("--status", "-s")
        {
            Description = "active (SCHEDULED, RUNNING, STOP_REQUESTED, STOPPING), terminal (finished), all, or a comma list of statuses such as error,fatal",
            HelpName = "STATUS",
            DefaultValueFactory = _ => JobListFilter.Active,
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (JobListFilter.TryParse(raw, out var filter, out var error))
                    return filter;
                result.AddError($"invalid --status '{raw}': {error}");
                return JobListFilter.Active;
            },
        };
        status.CompletionSources.Add(["active", "terminal", "all", .. JobStatusNames.Known.Select(s => s.ToWire().ToLowerInvariant())]);

        var command = new Command("list", "List jobs with their status, worker and descriptor, newest first");
        command.Aliases.Add("ls");
        command.Options.Add(limit);
        command.Options.Add(after);
        command.Options.Add(status);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var filter = ctx.Get(status) ?? JobListFilter.Active;
            var result = await ctx.Client.ListJobsAsync(filter, ctx.Get(limit), ctx.Get(after), ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                JobListView.Write(ctx.Output, result.Value, filter, DateTimeOffset.UtcNow, ctx.Wide);
            return ExitCodes.Ok;
        });
        return command;
    }
}
