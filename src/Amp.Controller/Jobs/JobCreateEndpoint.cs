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
/// </summary>
public static partial class JobCreateEndpoint
{
    private static readonly string[] RequestFields = ["worker_id", "idempotency_key", "max_attempts"];

    public static RouteGroupBuilder MapJobCreateEndpoint(this RouteGroupBuilder group)
    {
        group.MapPost("/", CreateAsync).WithName("CreateJob")
            .WithSummary("Schedule a job on the least-loaded active worker (or the one named by worker_id); 202 {\"job_id\"}")
            .Accepts<JsonObject>("application/json");
        return group;
    }

    private static async Task<Results<Accepted<JobCreatedResponse>, BadRequest<ApiError>, Conflict<ApiError>, JsonHttpResult<ApiError>>> CreateAsync(
        HttpRequest request, JobScheduling scheduling, ControllerOptions options, ILogger<JobScheduling> logger, CancellationToken ct)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (body is null)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, bodyError ?? "the body must be a JSON object");

        if (ParseSelector(body["worker_id"], out var selector) is { } selectorError)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, selectorError);
        if (ParseKey(body["idempotency_key"], out var key) is { } keyError)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, keyError);
        if (ParseMaxAttempts(body["max_attempts"], options.MaxAttempts, out var maxAttempts) is { } attemptsError)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, attemptsError);
        if (!JobDescriptor.TryParse(body, out var descriptor, out var descriptorError, RequestFields))
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, descriptorError!);

        var outcome = await scheduling.ScheduleAsync(descriptor!, selector, key, maxAttempts, options.Liveness, ct).ConfigureAwait(false);
        return Answer(outcome, selector, key, descriptor!, logger);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {job_id} scheduled on {node_id} ({kind})")]
    private static partial void Scheduled(ILogger logger, long job_id, string node_id, string kind);
}
