namespace Amp.AdminClient.Workers;

/// <summary>The body of <c>GET /workers</c>: workers ordered by node ID.</summary>
public sealed record WorkerList(IReadOnlyList<Worker> Workers);
