using Amp.Controller.Errors;
using Amp.Core.Jobs;
using Amp.MetadataDb.Datasets;
using Amp.MetadataDb.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Jobs;

/// <summary>A job's lifecycle events and its progress.</summary>
public static class JobEventEndpoints
{
    /// <summary>The most events <c>?limit=</c> asks for in one answer.</summary>
    public const int MaxEventLimit = 10_000;

    public static RouteGroupBuilder MapJobEventEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/{id}/events", ListAsync).WithName("ListJobEvents")
            .WithSummary("A job's lifecycle events, oldest first; ?limit=N (1–10000) keeps only the newest N");
        group.MapGet("/{id}/events/{event_id}", GetAsync).WithName("GetJobEvent").WithSummary("One event with its detail");
        group.MapGet("/{id}/progress", ProgressAsync).WithName("GetJobProgress").WithSummary("Progress of a job; error detail when it failed");
        return group;
    }

    private static async Task<Results<Ok<JobEventsResponse>, BadRequest<ApiError>, NotFound<ApiError>>> ListAsync(
        string id, string? limit, JobRepository jobs, JobEventRepository events, CancellationToken ct)
    {
        if (!JobEndpoints.TryParseId(id, out var jobId, out var bad))
            return bad;
        int? newest = null;
        if (limit is not null)
        {
            if (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxEventLimit)
                return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters,
                    $"limit must be a whole number from 1 to {MaxEventLimit}, got '{(limit.Length > 40 ? limit[..37] + "..." : limit)}'; leave it out for every event");
            newest = n;
        }
        if (await jobs.GetAsync(jobId, ct).ConfigureAwait(false) is null)
            return JobEndpoints.NotFound(jobId);
        var list = await events.ListAsync(jobId, newest, ct).ConfigureAwait(false);
        return TypedResults.Ok(new JobEventsResponse(jobId.Value, list.Select(JobEventSummary.From).ToList()));
    }

    private static async Task<Results<Ok<JobEventResponse>, BadRequest<ApiError>, NotFound<ApiError>>> GetAsync(
        string id, string event_id, JobRepository jobs, JobEventRepository events, CancellationToken ct)
    {
        if (!JobEndpoints.TryParseId(id, out var jobId, out var bad))
            return bad;
        if (!long.TryParse(event_id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var eventId) || eventId <= 0)
            return ApiResults.BadRequest(ErrorCodes.InvalidJobId, $"invalid event ID '{(event_id.Length > 40 ? event_id[..37] + "..." : event_id)}': must be a positive integer");
        if (await jobs.GetAsync(jobId, ct).ConfigureAwait(false) is null)
            return JobEndpoints.NotFound(jobId);
        var e = await events.GetAsync(jobId, eventId, ct).ConfigureAwait(false);
        return e is null
            ? ApiResults.NotFound(ErrorCodes.EventNotFound, $"job {jobId} has no event {eventId}; list them with 'ampctl job events {jobId}'")
            : TypedResults.Ok(JobEventResponse.From(e));
    }

    private static async Task<Results<Ok<JobProgressResponse>, BadRequest<ApiError>, NotFound<ApiError>>> ProgressAsync(
        string id, JobRepository jobs, PhysicalTableRepository tables, FileMetadataRepository files, Manifests.ManifestIntake manifests,
        CancellationToken ct)
    {
        if (!JobEndpoints.TryParseId(id, out var jobId, out var bad))
            return bad;
        var job = await jobs.GetAsync(jobId, ct).ConfigureAwait(false);
        if (job is null)
            return JobEndpoints.NotFound(jobId);
        var detail = job.Status is JobStatus.Error or JobStatus.Fatal ? job.Detail : null;
        var startBlock = await DatasetStartBlockAsync(job, manifests, ct).ConfigureAwait(false);
        var perTable = await JobTableProgress.OfAsync(jobId, tables, files, startBlock, ct).ConfigureAwait(false);
        return TypedResults.Ok(new JobProgressResponse(jobId.Value, job.Status.ToWire(), perTable, job.Progress, detail));
    }

    /// <summary>
    /// The <c>start_block</c> of the dataset a materialize-raw job extracts (its manifest), so a table whose chain starts
    /// later counts as empty, as for queries (reference §5.10, §5.12); null for other kinds or an unreadable manifest.
    /// </summary>
    private static async Task<ulong?> DatasetStartBlockAsync(Amp.MetadataDb.Jobs.JobRecord job, Manifests.ManifestIntake manifests, CancellationToken ct)
    {
        if (!JobDescriptor.TryParse(job.Descriptor, out var descriptor, out _) || descriptor is not MaterializeRawDescriptor raw
            || !Amp.Datasets.Identity.ManifestHash.TryParse(raw.ManifestHash, out var hash, out _))
            return null;
        return await manifests.LoadAsync(hash, ct).ConfigureAwait(false) is { } stored ? stored.Manifest.StartBlock : null;
    }
}
