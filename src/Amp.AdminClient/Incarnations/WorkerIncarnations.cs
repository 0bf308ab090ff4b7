using Amp.Core.Workers;

namespace Amp.AdminClient.Incarnations;

/// <summary>The body of <c>GET /workers/{id}/incarnations</c>: the whole ledger of one node ID, newest first.</summary>
public sealed record WorkerIncarnations(
    NodeId NodeId,
    IReadOnlyList<Incarnation> Incarnations,
    IReadOnlyList<DuplicateStart> DuplicateStarts);
