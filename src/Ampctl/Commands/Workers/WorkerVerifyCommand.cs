using System.CommandLine;
using System.Diagnostics;
using Amp.AdminClient;
using Amp.Core.Workers;
using Ampctl.Output.Workers;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker verify --version V | --commit SHA [--wait 5m] [--interval 2s]</c>: exit 0 only when every
/// active worker runs the expected build (and there is one). With <c>--wait</c> it polls
/// <c>GET /workers?status=active</c> until that holds or the time is up; a controller that is briefly
/// unreachable or failing (5xx) meanwhile is polled again, not fatal.
/// </summary>
internal static class WorkerVerifyCommand
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host, "Print the result as one JSON line: converged, expected, active, matching and others");
        var version = new Option<string?>("--version")
        {
            Description = "The exact version every active worker must report",
            HelpName = "VERSION",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (raw.Trim().Length > 0)
                    return raw.Trim();
                result.AddError("invalid --version '': must not be empty");
                return null;
            },
        };
        var commit = new Option<ExpectedBuild.OfCommit?>("--commit")
        {
            Description = $"The commit every active worker must run: the full SHA or a prefix of at least {ExpectedBuild.MinPrefix} hex digits",
            HelpName = "SHA",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (ExpectedBuild.TryParseCommit(raw, out var parsed, out var error))
                    return parsed;
                result.AddError($"invalid --commit '{raw}': {error}");
                return null;
            },
        };
        var wait = DurationOption.Create("--wait", "Keep checking until converged or this long has passed, e.g. 5m (default: check once)", positive: false);
        var interval = DurationOption.Create("--interval", "Time between checks with --wait", positive: true, DefaultInterval);

        var command = new Command("verify", "Check that every active worker runs a version or commit; exit 0 when converged, 1 otherwise");
        command.Options.Add(version);
        command.Options.Add(commit);
        command.Options.Add(wait);
        command.Options.Add(interval);
        common.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(version) is null) == (result.GetResult(commit) is null))
                result.AddError("give exactly one of --version or --commit");
        });

        common.SetClientAction(command, async ctx =>
        {
            ExpectedBuild expected = ctx.Get(commit) is { } c ? c : new ExpectedBuild.OfVersion(ctx.Get(version)!);
            var waitFor = ctx.Get(wait);
            var every = ctx.Get(interval) ?? DefaultInterval;
            var clock = Stopwatch.StartNew();
            string? lastProgress = null;
            while (true)
            {
                var result = await ctx.Client.ListWorkersAsync(WorkerStatus.Active, ct: ctx.Ct).ConfigureAwait(false);
                var timeLeft = waitFor is { } w ? w - clock.Elapsed : TimeSpan.Zero;
                if (!result.IsSuccess)
                {
                    if (timeLeft <= TimeSpan.Zero || !IsTransient(result.Error))
                        return ctx.Fail(result.Error);
                }
                else
                {
                    var report = VerifyReport.Evaluate(result.Value.Workers, expected);
                    if (report.Converged || timeLeft <= TimeSpan.Zero)
                        return Finish(ctx, report, waitFor);
                    var progress = report.Summary();
                    if (!ctx.Json && progress != lastProgress)
                        ctx.Output.Errors.WriteProgress($"{progress}; waiting up to {DurationOption.Format(waitFor!.Value)}");
                    lastProgress = progress;
                }
                await Task.Delay(timeLeft < every ? timeLeft : every, ctx.Ct).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static int Finish(CommandContext ctx, VerifyReport report, TimeSpan? waited)
    {
        if (ctx.Json)
            ctx.Output.WriteJson(report.ToJson());
        else
            ctx.Output.WriteText(report.RenderText(ctx.Output.UseColour, waited is { } w ? DurationOption.Format(w) : null));
        return report.Converged ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>Worth polling again while waiting: no answer at all, or a server-side failure.</summary>
    private static bool IsTransient(AdminApiError error) => error.HttpStatus == 0 || error.HttpStatus >= 500;
}
