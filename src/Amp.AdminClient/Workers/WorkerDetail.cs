using System.Text.Json.Serialization;
using Amp.AdminClient.Incarnations;
using Amp.AdminClient.Json;

namespace Amp.AdminClient.Workers;

/// <summary>
/// The body of <c>GET /workers/{id}</c>: the <see cref="Workers.Worker"/> object plus a summary of the node's
/// history. <see cref="History"/> is null when the server does not report one (a controller that predates it).
/// </summary>
[JsonConverter(typeof(WorkerDetailJsonConverter))]
public sealed record WorkerDetail(Worker Worker, WorkerHistory? History);

/// <summary>How often a node ID was started and refused, with the most recent entries (up to 5 each, newest first).</summary>
public sealed record WorkerHistory(
    int IncarnationCount,
    IReadOnlyList<Incarnation> RecentIncarnations,
    int DuplicateStartCount,
    IReadOnlyList<DuplicateStart> RecentDuplicateStarts);
