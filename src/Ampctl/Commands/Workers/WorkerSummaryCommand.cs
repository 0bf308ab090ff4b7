using System.CommandLine;
using Ampctl.Output.Workers;

namespace Ampctl.Commands.Workers;

/// <summary><c>ampctl worker summary</c>: <c>GET /fleet</c>, the fleet in four lines.</summary>
internal static class WorkerSummaryCommand
{
    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host);
        var command = new Command("summary", "Summarise the fleet: workers by status and version, drains, retirements, refused starts");
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            var result = await ctx.Client.GetFleetAsync(ctx.Ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return ctx.Fail(result.Error);
            if (ctx.Json)
                ctx.Output.WriteJson(result.RawJson);
            else
                ctx.Output.WriteText(FleetSummaryView.Render(result.Value));
            return ExitCodes.Ok;
        });
        return command;
    }
}
