using Amp.Core.Workers;

namespace Amp.AdminClient.Jobs;

/// <summary>
/// One job as the Admin API reports it (<c>GET /jobs</c> items and <c>GET /jobs/{id}</c>). Times come from the
/// metadata database clock. Fields the server adds later are ignored here; read <see cref="AdminResult{T}.RawJson"/>.
/// </summary>
/// <param name="NodeId">The worker the job is assigned to.</param>
/// <param name="Descriptor">What the job does; null when the server has none for it.</param>
/// <param name="Attempts">How many times it was scheduled (a failover or retry counts); null from a server that does not say.</param>
/// <param name="MaxAttempts">How many attempts it gets before it stays failed; null from a server that does not say.</param>
/// <param name="Epoch">The incarnation of <paramref name="NodeId"/> that owns it; null until a worker has taken it.</param>
public sealed record JobInfo(
    JobId Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    NodeId NodeId,
    JobStatus Status,
    JobDescriptor? Descriptor,
    int? Attempts = null,
    int? MaxAttempts = null,
    Epoch? Epoch = null);

/// <summary>
/// The body of <c>GET /jobs</c>: one page, newest first. <see cref="NextCursor"/> is present when more may follow;
/// pass it as the next request's <c>after</c>.
/// </summary>
public sealed record JobList(IReadOnlyList<JobInfo> Jobs, JobId? NextCursor = null);
