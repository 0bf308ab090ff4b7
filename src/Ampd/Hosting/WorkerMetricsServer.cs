using System.Net;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Ampd.Hosting;

/// <summary>
/// <c>worker_metrics_addr</c>: an <c>ampd worker</c>'s own Prometheus endpoint (<c>GET /metrics</c>) with what only the
/// worker knows, the Meter <c>Amp.Extraction</c> (RPC requests, errors, latency and retries by method; rows, blocks,
/// files and bytes its jobs wrote). Off unless configured; solo's embedded worker is in the Admin API's /metrics.
/// </summary>
internal sealed class WorkerMetricsServer : IAsyncDisposable
{
    private readonly IMetricServer? _server;

    private WorkerMetricsServer(IMetricServer? server) => _server = server;

    public static WorkerMetricsServer Start(IPEndPoint? address, ILogger logger)
    {
        if (address is null)
            return new WorkerMetricsServer(null);
        var host = address.Address.Equals(IPAddress.Any) ? "*" : address.Address.ToString();
        try
        {
            var server = new KestrelMetricServer(host, address.Port).Start();
            logger.LogInformation("Worker metrics listening on http://{Address}/metrics", address);
            return new WorkerMetricsServer(server);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            logger.LogError("Worker metrics cannot listen on {Address} ({Reason}); the worker runs without them: free the port or change worker_metrics_addr", address, ex.Message);
            return new WorkerMetricsServer(null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.StopAsync().ConfigureAwait(false);
    }
}
