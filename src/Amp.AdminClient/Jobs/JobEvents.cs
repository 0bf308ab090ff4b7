using System.Text.Json;
using Amp.Core.Workers;

namespace Amp.AdminClient.Jobs;

/// <summary>The body of <c>GET /jobs/{id}/events</c>: the job's lifecycle log, oldest first.</summary>
public sealed record JobEvents(JobId JobId, IReadOnlyList<JobEvent> Events);

/// <summary>
/// One transition of a job (<c>SCHEDULED</c>, <c>RUNNING</c>, <c>ERROR</c>, ...), written by <see cref="NodeId"/>
/// in its incarnation <see cref="Epoch"/> (null for events the controller wrote).
/// </summary>
/// <param name="EventType">The status the job moved to, as the server wrote it.</param>
/// <param name="Context">Why a SCHEDULED event happened (<c>{"reason","attempt","from_node"?,"why"?}</c>); null otherwise.</param>
public sealed record JobEvent(long Id, DateTimeOffset CreatedAt, NodeId NodeId, string EventType, Epoch? Epoch = null, JsonElement? Context = null);

/// <summary>
/// The body of <c>GET /jobs/{id}/events/{event_id}</c>: one event with its <see cref="Detail"/>, absent when the
/// event has none. SCHEDULED carries the job descriptor itself (as in Amp) and says why in <see cref="Context"/>;
/// ERROR and FATAL carry <c>{"error_code","error_message","error_context"?}</c>; other kinds may follow, so it stays JSON.
/// </summary>
public sealed record JobEventDetail(
    long Id,
    JobId JobId,
    DateTimeOffset CreatedAt,
    NodeId NodeId,
    string EventType,
    Epoch? Epoch = null,
    JsonElement? Detail = null,
    JsonElement? Context = null)
{
    /// <summary>True for ERROR and FATAL events, whose detail is an error payload.</summary>
    public bool IsError => EventType is "ERROR" or "FATAL";
}
