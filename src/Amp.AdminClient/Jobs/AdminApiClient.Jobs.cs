using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amp.AdminClient.Jobs;

namespace Amp.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary>Response header of <c>DELETE /jobs</c> with the number of jobs removed.</summary>
    public const string DeletedCountHeader = "X-Deleted-Count";

    /// <summary>
    /// <c>GET /jobs</c>: one page, newest first. A null <paramref name="status"/> sends none (the server lists active
    /// jobs); <paramref name="after"/> continues after that job ID (a previous page's <see cref="JobList.NextCursor"/>).
    /// </summary>
    public Task<AdminResult<JobList>> ListJobsAsync(JobListFilter? status = null, int? limit = null, JobId? after = null,
        CancellationToken ct = default)
    {
        var query = new List<string>(3);
        if (limit is { } l)
            query.Add("limit=" + l.ToString(CultureInfo.InvariantCulture));
        if (after is { } a)
            query.Add("last_job_id=" + a);
        if (status is not null)
            query.Add("status=" + string.Join(',', status.QueryValue.Split(',').Select(Uri.EscapeDataString)));
        var path = query.Count == 0 ? "jobs" : "jobs?" + string.Join('&', query);
        return GetAsync<JobList>(path, ct);
    }

    /// <summary><c>GET /jobs/{id}</c>; a missing job is the error <c>JOB_NOT_FOUND</c> (404).</summary>
    public Task<AdminResult<JobInfo>> GetJobAsync(JobId id, CancellationToken ct = default) =>
        GetAsync<JobInfo>(JobPath(id), ct);

    /// <summary>
    /// <c>PUT /jobs/{id}/stop</c>: asks the job's worker to stop it. Succeeds for a job that has already finished too;
    /// a missing job is <c>JOB_NOT_FOUND</c> (404).
    /// </summary>
    public Task<AdminResult<JobStopRequested>> StopJobAsync(JobId id, CancellationToken ct = default) =>
        SendForNoContentAsync(HttpMethod.Put, JobPath(id) + "/stop",
            (_, body) => AdminResult<JobStopRequested>.Success(new JobStopRequested(id), body), ct);

    /// <summary>
    /// <c>DELETE /jobs/{id}</c>: removes a finished job with its events. Succeeds when there is no such job; a job that
    /// has not finished is <c>JOB_CONFLICT</c> (409).
    /// </summary>
    public Task<AdminResult<JobRemoved>> RemoveJobAsync(JobId id, CancellationToken ct = default) =>
        SendForNoContentAsync(HttpMethod.Delete, JobPath(id),
            (_, body) => AdminResult<JobRemoved>.Success(new JobRemoved(id), body), ct);

    /// <summary><c>DELETE /jobs?status=</c>: removes every job in the given finished state(s); the status is always sent.</summary>
    public Task<AdminResult<JobsPruned>> PruneJobsAsync(JobPruneStatus status = JobPruneStatus.Terminal, CancellationToken ct = default)
    {
        var path = "jobs?status=" + status.ToWire();
        return SendForNoContentAsync(HttpMethod.Delete, path, (headers, body) =>
        {
            if (!headers.TryGetValues(DeletedCountHeader, out var values))
                return AdminResult<JobsPruned>.Success(new JobsPruned(status, null), body);
            var raw = values.FirstOrDefault();
            return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var deleted)
                ? AdminResult<JobsPruned>.Success(new JobsPruned(status, deleted), body)
                : AdminResult<JobsPruned>.Failure(new AdminApiError(204, AdminErrorCodes.InvalidResponse,
                    $"the Admin API answered DELETE /{path} with {DeletedCountHeader} '{raw}', not a count"));
        }, ct);
    }

    /// <summary><c>GET /jobs/{id}/events</c>: the job's lifecycle events, oldest first.</summary>
    public Task<AdminResult<JobEvents>> GetJobEventsAsync(JobId id, CancellationToken ct = default) =>
        GetAsync<JobEvents>(JobPath(id) + "/events", ct);

    /// <summary><c>GET /jobs/{id}/events/{event_id}</c>: one event with its detail; <c>EVENT_NOT_FOUND</c> (404) when absent.</summary>
    public Task<AdminResult<JobEventDetail>> GetJobEventAsync(JobId id, long eventId, CancellationToken ct = default) =>
        GetAsync<JobEventDetail>(JobPath(id) + "/events/" + eventId.ToString(CultureInfo.InvariantCulture), ct);

    /// <summary><c>GET /jobs/{id}/progress</c>: per-table progress, elapsed time of a timed job, and the latest error.</summary>
    public Task<AdminResult<JobProgress>> GetJobProgressAsync(JobId id, CancellationToken ct = default) =>
        GetAsync<JobProgress>(JobPath(id) + "/progress", ct);

    /// <summary>
    /// <c>POST /jobs</c>: schedules a job (202 with its ID). Errors include <c>WORKER_NOT_AVAILABLE</c> (400),
    /// <c>NO_WORKERS_AVAILABLE</c> and <c>NO_MATCHING_WORKERS</c> (503), and <c>ACTIVE_JOB_CONFLICT</c> (409).
    /// </summary>
    public Task<AdminResult<JobScheduled>> ScheduleJobAsync(ScheduleJobRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendForJsonAsync<JobScheduled>(HttpMethod.Post, "jobs", ScheduleBody(request), ct);
    }

    /// <summary>
    /// <c>POST /jobs</c> with an array: schedules every request in one transaction, or none (202 with the IDs in
    /// request order). A refused element fails the whole call with an error message that starts with
    /// <c>element N:</c> (0-based). At most 1,000 requests per call.
    /// </summary>
    public Task<AdminResult<JobsScheduled>> ScheduleJobsAsync(IReadOnlyList<ScheduleJobRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var request in requests)
                WriteSchedule(writer, request);
            writer.WriteEndArray();
        }
        return SendForJsonAsync<JobsScheduled>(HttpMethod.Post, "jobs", Encoding.UTF8.GetString(buffer.WrittenSpan), ct);
    }

    /// <summary>The descriptor's fields, then <c>worker_id</c> and <c>idempotency_key</c> when given, as one object.</summary>
    private static string ScheduleBody(ScheduleJobRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteSchedule(writer, request);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteSchedule(Utf8JsonWriter writer, ScheduleJobRequest request)
    {
        writer.WriteStartObject();
        request.Descriptor.WriteFields(writer);
        if (request.Worker is { } worker)
            writer.WriteString("worker_id", worker.Value);
        if (request.IdempotencyKey is not null)
            writer.WriteString("idempotency_key", request.IdempotencyKey);
        writer.WriteEndObject();
    }

    private static string JobPath(JobId id) => "jobs/" + id;
}
