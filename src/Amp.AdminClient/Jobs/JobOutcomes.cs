namespace Amp.AdminClient.Jobs;

/// <summary>The body of <c>POST /jobs</c> (202): the ID of the scheduled job.</summary>
public sealed record JobScheduled(JobId JobId);

/// <summary>The body of <c>POST /jobs</c> with an array (202): the IDs of the jobs, in request order.</summary>
public sealed record JobsScheduled(IReadOnlyList<JobId> JobIds);

/// <summary><c>PUT /jobs/{id}/stop</c> answered 200 (the stop was recorded, or the job had already finished).</summary>
public sealed record JobStopRequested(JobId JobId);

/// <summary><c>DELETE /jobs/{id}</c> answered 204: the job is gone (or never existed).</summary>
public sealed record JobRemoved(JobId JobId);

/// <summary>
/// <c>DELETE /jobs?status=</c> answered 204. <see cref="Deleted"/> is the server's <c>X-Deleted-Count</c>; null when
/// it did not send one (Amp's controller does not).
/// </summary>
public sealed record JobsPruned(JobPruneStatus Status, long? Deleted);

/// <summary>What <c>POST /jobs</c> asks for: a descriptor, optionally a worker (or prefix) and an idempotency key.</summary>
public sealed record ScheduleJobRequest(JobDescriptor Descriptor, WorkerSelector? Worker = null, string? IdempotencyKey = null);
