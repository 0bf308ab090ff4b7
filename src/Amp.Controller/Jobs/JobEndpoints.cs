using Amp.Controller.Errors;
using Amp.Core.Jobs;
using Amp.MetadataDb.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Jobs;

/// <summary><c>/jobs</c>: list, inspect, stop, delete and prune jobs (Amp's §4.4), and schedule new ones.</summary>
public static class JobEndpoints
{
    public static RouteGroupBuilder MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/jobs").WithTags("Jobs");
        group.MapGet("/", ListAsync).WithName("ListJobs")
            .WithSummary("List jobs, newest first; status=active (default)|all|terminal|comma list, kind (materialize-raw, sleep, …), limit (1-1000, default 50), last_job_id cursor");
        group.MapDelete("/", PruneAsync).WithName("PruneJobs")
            .WithSummary("Delete jobs in a final state: status=terminal (default)|completed|stopped|error|fatal; X-Deleted-Count says how many");
        group.MapGet("/{id}", GetAsync).WithName("GetJob").WithSummary("Get one job");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteJob").WithSummary("Delete a job in a final state (204 also when absent)");
        group.MapPut("/{id}/stop", StopAsync).WithName("StopJob").WithSummary("Request a stop (idempotent; a finished job stays as it is)");
        group.MapJobCreateEndpoint();
        group.MapJobEventEndpoints();
        return group;
    }

    internal static bool TryParseId(string raw, out JobId id, out BadRequest<ApiError> error)
    {
        var ok = JobId.TryParse(raw, out id, out var message);
        error = ok ? null! : ApiResults.BadRequest(ErrorCodes.InvalidJobId, message!);
        return ok;
    }

    internal static NotFound<ApiError> NotFound(JobId id) =>
        ApiResults.NotFound(ErrorCodes.JobNotFound, $"no job {id}; list jobs with 'ampctl job list --status all'");

    private static async Task<Results<Ok<JobListResponse>, BadRequest<ApiError>>> ListAsync(
        string? limit, string? last_job_id, string? status, string? kind, JobRepository jobs, CancellationToken ct)
    {
        if (JobQuery.ParseLimit(limit, out var max) is { } limitError)
            return TypedResults.BadRequest(limitError);
        JobId? cursor = null;
        if (last_job_id is not null)
        {
            if (!JobId.TryParse(last_job_id, out var c, out var cursorError))
                return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, $"last_job_id: {cursorError}");
            cursor = c;
        }
        if (JobQuery.ParseStatusFilter(status, out var statuses) is { } statusError)
            return TypedResults.BadRequest(statusError);
        if (kind is not null && (kind.Length is 0 or > 64 || !kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
            return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, "kind must be a job kind such as materialize-raw or sleep (lower-case letters, digits and '-')");
        var page = await jobs.ListAsync(statuses, kind, cursor, max, ct).ConfigureAwait(false);
        long? next = page.Count == max ? page[^1].Id.Value : null;
        return TypedResults.Ok(new JobListResponse(page.Select(JobInfoResponse.From).ToList(), next));
    }

    private static async Task<Results<Ok<JobInfoResponse>, BadRequest<ApiError>, NotFound<ApiError>>> GetAsync(string id, JobRepository jobs, CancellationToken ct)
    {
        if (!TryParseId(id, out var jobId, out var bad))
            return bad;
        var job = await jobs.GetAsync(jobId, ct).ConfigureAwait(false);
        return job is null ? NotFound(jobId) : TypedResults.Ok(JobInfoResponse.From(job));
    }

    private static async Task<Results<NoContent, BadRequest<ApiError>, Conflict<ApiError>>> DeleteAsync(string id, JobRepository jobs, CancellationToken ct)
    {
        if (!TryParseId(id, out var jobId, out var bad))
            return bad;
        var result = await jobs.DeleteIfTerminalAsync(jobId, ct).ConfigureAwait(false);
        if (result is { Deleted: false } r)
            return ApiResults.Conflict(ErrorCodes.JobConflict,
                $"job {jobId} is {r.Status.ToWire()}, not finished; stop it first ('ampctl job stop {jobId}') and delete it once it is STOPPED");
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, BadRequest<ApiError>>> PruneAsync(string? status, HttpContext http, JobRepository jobs, CancellationToken ct)
    {
        if (JobQuery.ParsePruneFilter(status, out var statuses) is { } error)
            return TypedResults.BadRequest(error);
        var deleted = await jobs.DeleteByStatusAsync(statuses, ct).ConfigureAwait(false);
        http.Response.Headers["X-Deleted-Count"] = deleted.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok, BadRequest<ApiError>, NotFound<ApiError>>> StopAsync(
        string id, JobRepository jobs, JobScheduling scheduling, CancellationToken ct)
    {
        if (!TryParseId(id, out var jobId, out var bad))
            return bad;
        if (await scheduling.RequestStopAsync(jobId, ct).ConfigureAwait(false))
            return TypedResults.Ok();
        return await jobs.GetAsync(jobId, ct).ConfigureAwait(false) is null ? NotFound(jobId) : TypedResults.Ok();
    }
}
