using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Controller.Errors;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Amp.MetadataDb.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Jobs;

/// <summary>
/// <c>POST /jobs</c>: the descriptor's fields plus optional <c>worker_id</c> (exact or <c>prefix*</c>),
/// <c>idempotency_key</c> and <c>max_attempts</c>, e.g. <c>{"kind":"sleep","seconds":60,"worker_id":"w1"}</c>.
/// An array of such objects schedules them all in one transaction with one notification: 202
/// <c>{"job_ids":[…]}</c> in request order, or nothing at all and an error naming the first element refused.
/// </summary>
public static partial class JobCreateEndpoint
{
    private static readonly string[] RequestFields = ["worker_id", "idempotency_key", "max_attempts"];

    /// <summary>The most jobs one request may schedule.</summary>
    public const int MaxBatch = 1000;

    public static RouteGroupBuilder MapJobCreateEndpoint(this RouteGroupBuilder group)
    {
        group.MapPost("/", CreateAsync).WithName("CreateJob")
            .WithSummary("Schedule a job on the least-loaded active worker (or the one named by worker_id); 202 {\"job_id\"}. "
                + "An array of up to 1000 such requests schedules them all or none; 202 {\"job_ids\"}")
            .Accepts<JsonObject>("application/json");
        return group;
    }

    private static async Task<Results<Accepted<JobCreatedResponse>, JsonHttpResult<JobsCreatedResponse>, BadRequest<ApiError>, Conflict<ApiError>, JsonHttpResult<ApiError>>> CreateAsync(
        HttpRequest request, JobScheduling scheduling, ControllerOptions options, ILogger<JobScheduling> logger, CancellationToken ct)
    {
        var (body, bodyError) = await JsonBody.ReadAsync(request, allowArray: true, ct).ConfigureAwait(false);
        if (body is JsonArray array)
            return await CreateManyAsync(array, scheduling, options, logger, ct).ConfigureAwait(false);
        if (body is not JsonObject one)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, bodyError ?? "the body must be a JSON object");
        if (ParseRequest(one, options.MaxAttempts, out var job) is { } error)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, error);

        var outcome = await scheduling.ScheduleAsync(job!.Descriptor, job.Selector, job.IdempotencyKey, job.MaxAttempts, options.Liveness, ct).ConfigureAwait(false);
        return Answer(outcome, job.Selector, job.IdempotencyKey, job.Descriptor, logger).Result switch
        {
            Accepted<JobCreatedResponse> a => a,
            BadRequest<ApiError> b => b,
            Conflict<ApiError> c => c,
            JsonHttpResult<ApiError> e => e,
            var other => throw new InvalidOperationException($"unexpected result {other.GetType().Name}"),
        };
    }

    /// <summary>Every element is checked before anything is written; then all are scheduled in one transaction, or none.</summary>
    private static async Task<Results<Accepted<JobCreatedResponse>, JsonHttpResult<JobsCreatedResponse>, BadRequest<ApiError>, Conflict<ApiError>, JsonHttpResult<ApiError>>> CreateManyAsync(JsonArray array, JobScheduling scheduling, ControllerOptions options, ILogger logger, CancellationToken ct)
    {
        if (array.Count == 0)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, "the array is empty; send at least one job request");
        if (array.Count > MaxBatch)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, $"the array has {array.Count} job requests, more than {MaxBatch}; split it into several requests");
        var jobs = new JobRequest[array.Count];
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject element)
                return ApiResults.BadRequest(ErrorCodes.InvalidBody, $"element {i}: a job request must be a JSON object such as {{\"kind\":\"sleep\",\"seconds\":60}}");
            if (ParseRequest(element, options.MaxAttempts, out var job) is { } error)
                return ApiResults.BadRequest(ErrorCodes.InvalidBody, $"element {i}: {error}");
            if (job!.IdempotencyKey is { } key && !keys.TryAdd(key, i))
                return ApiResults.BadRequest(ErrorCodes.InvalidBody, $"element {i}: idempotency_key '{key}' is also the key of element {keys[key]}; keys must differ within a request");
            jobs[i] = job;
        }

        switch (await scheduling.ScheduleManyAsync(jobs, options.Liveness, ct).ConfigureAwait(false))
        {
            case BatchOutcome.Scheduled s:
                var created = s.Jobs.Where(j => !j.Existing).ToList();
                if (created.Count > 0)
                    BatchScheduled(logger, created.Count, created[0].Id.Value, created[^1].Id.Value, created.Select(j => j.NodeId?.Value).Distinct().Count());
                return TypedResults.Json(new JobsCreatedResponse(s.Jobs.Select(j => j.Id.Value).ToArray()), statusCode: StatusCodes.Status202Accepted);
            case BatchOutcome.Refused r:
                var job = jobs[r.Index];
                return Prefix(Answer(r.Reason, job.Selector, job.IdempotencyKey, job.Descriptor, logger).Result, $"element {r.Index}: ");
            default:
                throw new InvalidOperationException("unknown batch outcome");
        }
    }

    private static Results<Accepted<JobCreatedResponse>, JsonHttpResult<JobsCreatedResponse>, BadRequest<ApiError>, Conflict<ApiError>, JsonHttpResult<ApiError>> Prefix(IResult result, string prefix) => result switch
    {
        BadRequest<ApiError> b => TypedResults.BadRequest(b.Value! with { ErrorMessage = prefix + b.Value!.ErrorMessage }),
        Conflict<ApiError> c => TypedResults.Conflict(c.Value! with { ErrorMessage = prefix + c.Value!.ErrorMessage }),
        JsonHttpResult<ApiError> j => TypedResults.Json(j.Value! with { ErrorMessage = prefix + j.Value!.ErrorMessage }, statusCode: j.StatusCode),
        var other => throw new InvalidOperationException($"unexpected refusal {other.GetType().Name}"),
    };

    private static string? ParseRequest(JsonObject body, int defaultMaxAttempts, out JobRequest? job)
    {
        job = null;
        if (ParseSelector(body["worker_id"], out var selector) is { } selectorError)
            return selectorError;
        if (ParseKey(body["idempotency_key"], out var key) is { } keyError)
            return keyError;
        if (ParseMaxAttempts(body["max_attempts"], defaultMaxAttempts, out var maxAttempts) is { } attemptsError)
            return attemptsError;
        if (!JobDescriptor.TryParse(body, out var descriptor, out var descriptorError, RequestFields))
            return descriptorError!;
        job = new JobRequest(descriptor!, selector, key, maxAttempts);
        return null;
    }

    /// <summary>The answer to a scheduling outcome: 202 with the job id, 409 for a conflicting active job, or why no worker took it.</summary>
    internal static Results<Accepted<JobCreatedResponse>, BadRequest<ApiError>, Conflict<ApiError>, JsonHttpResult<ApiError>> Answer(
        ScheduleOutcome outcome, WorkerSelector selector, string? key, JobDescriptor descriptor, ILogger logger)
    {
        switch (outcome)
        {
            case ScheduleOutcome.Scheduled s:
                if (!s.Existing)
                    Scheduled(logger, s.Id.Value, s.NodeId?.Value ?? "", descriptor.Kind);
                return TypedResults.Accepted($"/jobs/{s.Id}", new JobCreatedResponse(s.Id.Value));
            case ScheduleOutcome.ActiveConflict c:
                return ApiResults.Conflict(ErrorCodes.ActiveJobConflict,
                    $"job {c.Existing} with idempotency key '{key}' is still active with a different descriptor; stop it first ('ampctl job stop {c.Existing}') or use another key");
            default:
                return selector switch
                {
                    WorkerSelector.Exact e => ApiResults.BadRequest(ErrorCodes.WorkerNotAvailable,
                        $"worker '{e.NodeId}' cannot take jobs: it is not registered, not active, draining or retired; see 'ampctl worker inspect {e.NodeId}'"),
                    WorkerSelector.Prefix p => ApiResults.Error(ErrorCodes.NoMatchingWorkers,
                        $"no active, non-draining worker's node ID starts with '{p.Value}'; see 'ampctl worker list'"),
                    _ => ApiResults.Error(ErrorCodes.NoWorkersAvailable,
                        "no active, non-draining worker can take the job; start a worker ('ampd worker --node-id ID') or undrain one"),
                };
        }
    }

    internal static string? ParseSelector(JsonNode? node, out WorkerSelector selector)
    {
        selector = new WorkerSelector.Any();
        if (node is null)
            return null;
        if (node.GetValueKind() != JsonValueKind.String)
            return "worker_id must be a string: a node ID or a prefix followed by '*'";
        var raw = node.GetValue<string>();
        if (raw.EndsWith('*'))
        {
            var prefix = raw[..^1];
            if (prefix.Length == 0)
                return "worker_id '*' matches everything; leave worker_id out to let the scheduler choose";
            if (!NodeId.TryParse(prefix, out _, out var prefixError))
                return $"worker_id prefix: {prefixError}";
            selector = new WorkerSelector.Prefix(prefix);
            return null;
        }
        if (!NodeId.TryParse(raw, out var id, out var error))
            return $"worker_id: {error}";
        selector = new WorkerSelector.Exact(id);
        return null;
    }

    private static string? ParseKey(JsonNode? node, out string? key)
    {
        key = null;
        if (node is null)
            return null;
        if (node.GetValueKind() != JsonValueKind.String || node.GetValue<string>() is not { Length: > 0 and <= 256 } k)
            return "idempotency_key must be a non-empty string of at most 256 characters";
        key = k;
        return null;
    }

    private static string? ParseMaxAttempts(JsonNode? node, int fallback, out int maxAttempts)
    {
        maxAttempts = fallback;
        if (node is null)
            return null;
        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var v) || v is < 1 or > 1000)
            return "max_attempts must be a whole number from 1 to 1000";
        maxAttempts = v;
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Jobs {first_job_id}..{last_job_id} scheduled ({count} new, on {workers} workers)")]
    private static partial void BatchScheduled(ILogger logger, int count, long first_job_id, long last_job_id, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {job_id} scheduled on {node_id} ({kind})")]
    private static partial void Scheduled(ILogger logger, long job_id, string node_id, string kind);
}
