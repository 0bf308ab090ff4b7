using System.CommandLine;
using System.Globalization;
using Amp.AdminClient.Jobs;
using Ampctl.Output;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// <c>ampctl job run sleep --seconds N [--worker-id W] [--fail error|fatal] [--idempotency-key K] [--count C] [--wait [--timeout D]]</c>:
/// schedules a job that runs N seconds and then completes (or fails as asked), to exercise scheduling, stop, retry and
/// failover. Says which worker took it; with <c>--wait</c> follows it to its end and exits with its outcome. With
/// <c>--count C</c> schedules C such jobs in one request (<c>POST /jobs</c> with an array: all or none).
/// </summary>
internal static class JobRunSleepCommand
{
    private const int MaxCount = 1000;

    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var seconds = new Option<int>("--seconds")
        {
            Description = $"How long the job runs, 0 to {SleepDescriptor.MaxSeconds} seconds",
            HelpName = "N",
            Required = true,
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= SleepDescriptor.MaxSeconds)
                    return n;
                result.AddError($"invalid --seconds '{raw}': must be a whole number of seconds from 0 to {SleepDescriptor.MaxSeconds}");
                return 0;
            },
        };
        var worker = new Option<WorkerSelector?>("--worker-id")
        {
            Description = "Run it on this worker, or on one whose node ID starts with a prefix (worker-*); default: any active worker",
            HelpName = "NODE_ID|PREFIX*",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
                if (WorkerSelector.TryParse(raw, out var selector, out var error))
                    return selector;
                result.AddError(error);
                return null;
            },
        };
        var fail = new Option<SleepFailure?>("--fail")
        {
            Description = "End with an error instead of completing: error (retried) or fatal (not retried)",
            HelpName = "error|fatal",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (SleepDescriptor.TryParseFailure(raw, out var failure))
                    return failure;
                result.AddError($"invalid --fail '{raw}': expected error or fatal");
                return null;
            },
        };
        fail.CompletionSources.Add("error", "fatal");
        var key = new Option<string?>("--idempotency-key")
        {
            Description = "At most one active job per key: repeating the same request returns the same job, a different one is refused",
            HelpName = "KEY",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (!string.IsNullOrWhiteSpace(raw))
                    return raw;
                result.AddError("invalid --idempotency-key '': must not be empty");
                return null;
            },
        };

        var count = new Option<int>("--count")
        {
            Description = "Schedule this many such jobs in one request (1 to 1000): all of them or none",
            HelpName = "C",
            DefaultValueFactory = _ => 1,
        };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > MaxCount)
                r.AddError($"--count must be from 1 to {MaxCount}");
        });

        var command = new Command("sleep", "Schedule a job that sleeps N seconds, then completes or fails as asked");
        command.Options.Add(seconds);
        command.Options.Add(worker);
        command.Options.Add(fail);
        command.Options.Add(key);
        command.Options.Add(count);
        var wait = JobWait.WaitOption();
        var timeout = JobWait.TimeoutOption();
        command.Options.Add(wait);
        command.Options.Add(timeout);
        common.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(count) > 1 && r.GetValue(key) is not null)
                r.AddError("--idempotency-key names one job; it cannot be used with --count above 1");
            if (r.GetValue(count) > 1 && r.GetValue(wait))
                r.AddError("--wait follows one job; it cannot be used with --count above 1 (follow them with 'ampctl job list')");
        });

        common.SetClientAction(command, async ctx =>
        {
            var request = new ScheduleJobRequest(new SleepDescriptor(ctx.Get(seconds), ctx.Get(fail)), ctx.Get(worker), ctx.Get(key));
            if (ctx.Get(count) > 1)
            {
                var many = await ctx.Client.ScheduleJobsAsync(Enumerable.Repeat(request, ctx.Get(count)).ToArray(), ctx.Ct).ConfigureAwait(false);
                if (!many.IsSuccess)
                    return ctx.Fail(many.Error);
                if (ctx.Json)
                    ctx.Output.WriteJson(many.RawJson);
                else
                    ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} {many.Value.JobIds.Count} jobs scheduled: {string.Join(", ", many.Value.JobIds)}\n");
                return ExitCodes.Ok;
            }
            var result = await ctx.Client.ScheduleJobAsync(request, ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            var id = result.Value.JobId;
            if (ctx.Json && !ctx.Get(wait))
            {
                ctx.Output.WriteJson(result.RawJson);
                return ExitCodes.Ok;
            }
            if (!ctx.Json)
            {
                var job = await ctx.Client.GetJobAsync(id, ctx.Ct).ConfigureAwait(false);
                var where = job.IsSuccess ? $" on {job.Value.NodeId.Value}" : "";
                ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} Job {id} scheduled{where}\n");
            }
            return ctx.Get(wait) ? await JobWait.ToEndAsync(ctx, id, ctx.Get(timeout) ?? JobWait.DefaultTimeout).ConfigureAwait(false) : ExitCodes.Ok;
        });
        return command;
    }
}
