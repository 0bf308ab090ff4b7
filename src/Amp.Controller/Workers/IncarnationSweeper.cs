using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Incarnations;

namespace Amp.Controller.Workers;

/// <summary>
/// Records, as crashed, incarnations whose owner vanished without saying so (kill -9, lost host): its lock is
/// gone and its heartbeat stopped longer than the active threshold. If the owner was only reconnecting, its
/// next registration corrects the reason to connection_lost.
/// </summary>
public sealed partial class IncarnationSweeper(IncarnationRepository incarnations, ControllerOptions options, ILogger<IncarnationSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval);
        do
        {
            try
            {
                foreach (var (nodeId, epoch, endedAt) in await incarnations.SweepCrashedAsync(options.Liveness.Active, stoppingToken).ConfigureAwait(false))
                    Crashed(logger, nodeId.Value, epoch.Value, endedAt);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                SweepFailed(logger, DbErrors.Describe(ex));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {node_id} epoch {epoch} ended without saying so (lock gone, last heartbeat {last_heartbeat:O}); recorded as crashed")]
    private static partial void Crashed(ILogger logger, string node_id, long epoch, DateTime last_heartbeat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incarnation sweep failed ({reason}); retrying on the next tick")]
    private static partial void SweepFailed(ILogger logger, string reason);
}
