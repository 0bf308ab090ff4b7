using Amp.AdminClient.Workers;
using Amp.Core.Workers;

namespace Amp.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary><c>GET /workers</c>, optionally filtered by status and by exact version string.</summary>
    public Task<AdminResult<WorkerList>> ListWorkersAsync(WorkerStatus? status = null, string? version = null, CancellationToken ct = default)
    {
        var query = new List<string>(2);
        if (status is { } s)
            query.Add("status=" + s.ToWire());
        if (!string.IsNullOrEmpty(version))
            query.Add("version=" + Uri.EscapeDataString(version));
        var path = query.Count == 0 ? "workers" : "workers?" + string.Join('&', query);
        return GetAsync<WorkerList>(path, ct);
    }

    /// <summary><c>GET /workers/{id}</c>; a missing worker is the error <c>WORKER_NOT_FOUND</c> (404).</summary>
    public Task<AdminResult<Worker>> GetWorkerAsync(NodeId nodeId, CancellationToken ct = default) =>
        GetAsync<Worker>("workers/" + Uri.EscapeDataString(nodeId.Value), ct);
}
