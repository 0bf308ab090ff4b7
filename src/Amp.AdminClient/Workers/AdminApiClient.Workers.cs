using Amp.AdminClient.Workers;
using Amp.Core.Workers;

namespace Amp.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary>
    /// <c>GET /workers</c>, optionally filtered by status and by exact version string; retired workers are
    /// left out unless <paramref name="includeRetired"/> is set.
    /// </summary>
    public Task<AdminResult<WorkerList>> ListWorkersAsync(WorkerStatus? status = null, string? version = null,
        bool includeRetired = false, CancellationToken ct = default)
    {
        var query = new List<string>(3);
        if (status is { } s)
            query.Add("status=" + s.ToWire());
        if (!string.IsNullOrEmpty(version))
            query.Add("version=" + Uri.EscapeDataString(version));
        if (includeRetired)
            query.Add("include_retired=true");
        var path = query.Count == 0 ? "workers" : "workers?" + string.Join('&', query);
        return GetAsync<WorkerList>(path, ct);
    }

    /// <summary><c>GET /workers/{id}</c>; a missing worker is the error <c>WORKER_NOT_FOUND</c> (404).</summary>
    public Task<AdminResult<WorkerDetail>> GetWorkerAsync(NodeId nodeId, CancellationToken ct = default) =>
        GetAsync<WorkerDetail>(WorkerPath(nodeId), ct);

    /// <summary>
    /// <c>POST /workers/{id}/drain</c>: the worker takes no new jobs. The returned worker has
    /// <see cref="Worker.DrainingSince"/> set; <see cref="Worker.DrainAcknowledgedAt"/> follows once the worker confirms.
    /// </summary>
    public Task<AdminResult<Worker>> DrainWorkerAsync(NodeId nodeId, CancellationToken ct = default) =>
        PostAsync<Worker>(WorkerPath(nodeId) + "/drain", ct);

    /// <summary><c>POST /workers/{id}/undrain</c>: the worker accepts jobs again.</summary>
    public Task<AdminResult<Worker>> UndrainWorkerAsync(NodeId nodeId, CancellationToken ct = default) =>
        PostAsync<Worker>(WorkerPath(nodeId) + "/undrain", ct);

    /// <summary>
    /// <c>POST /workers/{id}/retire</c>: hides a stopped worker from listings and counts, keeping its history.
    /// A worker whose lock is still held is the error <c>WORKER_ACTIVE</c> (409).
    /// </summary>
    public Task<AdminResult<Worker>> RetireWorkerAsync(NodeId nodeId, CancellationToken ct = default) =>
        PostAsync<Worker>(WorkerPath(nodeId) + "/retire", ct);

    /// <summary><c>GET /workers/{id}/safe-to-stop</c>: whether stopping the worker now loses no work.</summary>
    public Task<AdminResult<SafeToStop>> GetSafeToStopAsync(NodeId nodeId, CancellationToken ct = default) =>
        GetAsync<SafeToStop>(WorkerPath(nodeId) + "/safe-to-stop", ct);

    private static string WorkerPath(NodeId nodeId) => "workers/" + Uri.EscapeDataString(nodeId.Value);
}
