using Amp.Worker.Lifecycle;
using Microsoft.Extensions.Hosting;

namespace Amp.Worker.Hosting;

/// <summary>
/// Runs a started <see cref="WorkerNode"/> inside a host: heartbeats until the host stops, then ends the
/// incarnation gracefully. A worker superseded by another process stops the host with exit code 1.
/// </summary>
public sealed class WorkerHostedService(WorkerNode node, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var exit = await node.RunAsync(stoppingToken).ConfigureAwait(false);
        await node.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (exit == WorkerExit.Superseded)
        {
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
