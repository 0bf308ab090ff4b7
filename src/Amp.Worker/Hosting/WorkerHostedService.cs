using Amp.Worker.Jobs;
using Amp.Worker.Lifecycle;
using Microsoft.Extensions.Hosting;

namespace Amp.Worker.Hosting;

/// <summary>
/// Runs a started <see cref="WorkerNode"/> and its <see cref="JobWorker"/> inside a host: heartbeats and runs
/// jobs until the host stops, then hands running jobs back, ends the incarnation gracefully and releases the
/// lock. A worker superseded by another process stops the host with exit code 1.
/// </summary>
public sealed class WorkerHostedService(WorkerNode node, JobWorker jobs, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var jobsStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var jobLoop = jobs.RunAsync(jobsStop.Token);
        var exit = await node.RunAsync(stoppingToken).ConfigureAwait(false);
        await jobsStop.CancelAsync().ConfigureAwait(false);
        await jobLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (exit == WorkerExit.Stopped)
            await jobs.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await node.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (exit == WorkerExit.Superseded)
        {
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
