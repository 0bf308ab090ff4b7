using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Amp.Core.Time;
using Amp.MetadataDb.Jobs;

namespace Amp.Controller.Jobs;

/// <summary>A job as Amp's API shows it (JobInfo), plus attempts and the owner's epoch.</summary>
public sealed record JobInfoResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt,
    [property: JsonPropertyName("node_id")] string NodeId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("descriptor")] JsonObject? Descriptor,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("max_attempts")] int MaxAttempts,
    [property: JsonPropertyName("epoch")] long? Epoch)
{
    public static JobInfoResponse From(JobRecord j) => new(
        j.Id.Value, Rfc3339.Format(j.CreatedAt), Rfc3339.Format(j.UpdatedAt), j.NodeId.Value, Amp.Core.Jobs.JobStatuses.ToWire(j.Status),
        j.Descriptor, j.Attempts, j.MaxAttempts, j.Epoch?.Value);
}

public sealed record JobListResponse(
    [property: JsonPropertyName("jobs")] IReadOnlyList<JobInfoResponse> Jobs,
    [property: JsonPropertyName("next_cursor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? NextCursor);

public sealed record JobCreatedResponse([property: JsonPropertyName("job_id")] long JobId);

public sealed record JobEventSummary(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("node_id")] string NodeId,
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("epoch")] long? Epoch,
    [property: JsonPropertyName("context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Context)
{
    public static JobEventSummary From(JobEventRecord e) => new(e.Id, Rfc3339.Format(e.CreatedAt), e.NodeId.Value, e.EventType, e.Epoch?.Value, e.Context);
}

public sealed record JobEventsResponse(
    [property: JsonPropertyName("job_id")] long JobId,
    [property: JsonPropertyName("events")] IReadOnlyList<JobEventSummary> Events);

public sealed record JobEventResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("job_id")] long JobId,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("node_id")] string NodeId,
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("epoch")] long? Epoch,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Detail,
    [property: JsonPropertyName("context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Context)
{
    public static JobEventResponse From(JobEventRecord e) => new(e.Id, e.JobId.Value, Rfc3339.Format(e.CreatedAt), e.NodeId.Value, e.EventType, e.Epoch?.Value, e.Detail, e.Context);
}

/// <summary>Per-table figures of an extraction job (empty for kinds that write no tables).</summary>
public sealed record TableProgress(
    [property: JsonPropertyName("current_block")] long? CurrentBlock,
    [property: JsonPropertyName("start_block")] long? StartBlock,
    [property: JsonPropertyName("files_count")] long FilesCount,
    [property: JsonPropertyName("total_size_bytes")] long TotalSizeBytes);

public sealed record JobProgressResponse(
    [property: JsonPropertyName("job_id")] long JobId,
    [property: JsonPropertyName("job_status")] string JobStatus,
    [property: JsonPropertyName("tables")] IReadOnlyDictionary<string, TableProgress> Tables,
    [property: JsonPropertyName("progress")] JsonObject? Progress,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Detail);

/// <summary>The answer to a batch <c>POST /jobs</c>: the job ids in request order.</summary>
public sealed record JobsCreatedResponse([property: JsonPropertyName("job_ids")] IReadOnlyList<long> JobIds);
