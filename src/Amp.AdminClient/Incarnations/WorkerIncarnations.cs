using System.Text.Json.Serialization;
using Amp.Core.Workers;

namespace Amp.AdminClient.Incarnations;

/// <summary>
/// The body of <c>GET /workers/{id}/incarnations</c>: one page of the ledger of one node ID, newest first. The
/// cursors are absent when their list is complete; <see cref="AdminApiClient.GetWorkerIncarnationsAsync"/> follows them.
/// </summary>
public sealed record WorkerIncarnations(
    NodeId NodeId,
    IReadOnlyList<Incarnation> Incarnations,
    IReadOnlyList<DuplicateStart> DuplicateStarts)
{
    [JsonPropertyName("next_cursor")] public long? NextCursor { get; init; }
    [JsonPropertyName("duplicate_starts_next_cursor")] public long? DuplicateStartsNextCursor { get; init; }
}
