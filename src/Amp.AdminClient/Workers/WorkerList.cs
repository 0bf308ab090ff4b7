namespace Amp.AdminClient.Workers;

/// <summary>The body of <c>GET /workers</c>: workers ordered by node ID (retired ones only when asked for).</summary>
public sealed record WorkerList(IReadOnlyList<Worker> Workers);
