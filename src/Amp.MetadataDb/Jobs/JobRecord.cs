using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.Core.Workers;

namespace Amp.MetadataDb.Jobs;

/// <summary>A job with its current status, as the API shows it.</summary>
public sealed record JobRecord(
    JobId Id,
    NodeId NodeId,
    JobStatus Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    JsonObject Descriptor,
    int Attempts,
    int MaxAttempts,
    Epoch? Epoch,
    JsonObject? Detail,
    JsonObject? Progress);

/// <summary>One entry of a job's event log.</summary>
/// <param name="Detail">The event's payload: for SCHEDULED the job descriptor (as in Amp), for ERROR/FATAL the error.</param>
/// <param name="Context">Why a SCHEDULED event happened: <c>{"reason","attempt","from_node"?,"why"?}</c>; null otherwise.</param>
public sealed record JobEventRecord(long Id, JobId JobId, DateTime CreatedAt, NodeId NodeId, string EventType, Epoch? Epoch, JsonObject? Detail, JsonObject? Context = null);

/// <summary>A worker the scheduler may give a job to: active, not draining, not retired.</summary>
public sealed record Candidate(NodeId NodeId, long Load);

/// <summary>An active job whose worker became inactive.</summary>
/// <remarks><see cref="LockLostOnly"/>: the worker still heartbeats recently, only its lock session is gone.</remarks>
public sealed record OrphanedJob(JobId Id, NodeId NodeId, JobStatus Status, Epoch? Epoch, int Attempts, int MaxAttempts, string WorkerState, bool LockLostOnly);

/// <summary>A job in ERROR whose backoff has passed.</summary>
public sealed record RetryableJob(JobId Id, NodeId NodeId, Epoch? Epoch, int Attempts, int MaxAttempts, JsonObject? Detail);
