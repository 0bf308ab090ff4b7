using System.CommandLine;
using Ampctl.Output.Workers;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker health [--threshold 30s]</c>: one <c>✓</c>/<c>✗</c> line per worker from one <c>GET /workers</c>;
/// exit 0 only when there are workers and all are healthy (see <see cref="HealthReport"/>), else 1.
/// </summary>
internal static class WorkerHealthCommand
{
    public static readonly TimeSpan DefaultThreshold = TimeSpan.FromSeconds(30);

    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host, "Print the result as one JSON line: healthy, threshold_seconds and each worker's node_id, healthy, status, heartbeat_age_ms");
        var threshold = DurationOption.Create("--threshold", "Oldest heartbeat that still counts as healthy", positive: false, DefaultThreshold);

        var command = new Command("health", "Check that every worker is alive: exit 0 when all are healthy, 1 when any is not (or there are none)");
        command.Options.Add(threshold);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.ListWorkersAsync(ct: ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            var report = HealthReport.Evaluate(result.Value.Workers, ctx.Get(threshold) ?? DefaultThreshold);
            if (ctx.Json)
                ctx.Output.WriteJson(report.ToJson());
            else
                ctx.Output.WriteText(report.RenderText(ctx.Output.UseColour));
            return report.Healthy ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
