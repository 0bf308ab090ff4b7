using Amp.AdminClient.Incarnations;
using Amp.Core.Workers;

namespace Amp.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary><c>GET /workers/{id}/incarnations</c>: every incarnation and refused duplicate start, newest first.</summary>
    public Task<AdminResult<WorkerIncarnations>> GetWorkerIncarnationsAsync(NodeId nodeId, CancellationToken ct = default) =>
        GetAsync<WorkerIncarnations>(WorkerPath(nodeId) + "/incarnations", ct);
}
