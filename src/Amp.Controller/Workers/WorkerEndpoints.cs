using Amp.Controller.Errors;
using Amp.Core.Workers;
using Amp.MetadataDb.Incarnations;
using Amp.MetadataDb.Workers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Workers;

/// <summary><c>/workers</c>: the fleet as the operator sees it, with liveness computed by the database.</summary>
public static class WorkerEndpoints
{
    private const int MaxVersionLength = 256;
    private const int RecentCount = 5;
    private const int MaxListPage = 10_000;
    private const int DefaultHistoryPage = 100;
    private const int MaxHistoryPage = 1000;

    public static RouteGroupBuilder MapWorkerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/workers").WithTags("Workers");
        group.MapGet("/", ListAsync)
            .Produces<WorkerListResponse>(StatusCodes.Status200OK, "application/json")
            .WithName("ListWorkers")
            .WithSummary("List workers with status, build info and timestamps, ordered by node_id")
            .WithDescription("Optional filters: status=active|stalled|inactive, version=<exact version>, include_retired=true. "
                + "Optional paging: limit (1-10000) and cursor (the next_cursor of the previous page); without limit every worker is returned. "
                + "Concurrent identical requests share one snapshot no older than 100 ms (header X-Snapshot-Age-Ms).");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetWorker")
            .WithSummary("Get one worker by node ID, with its latest incarnations and refused duplicate starts");
        group.MapGet("/{id}/incarnations", HistoryAsync)
            .WithName("GetWorkerIncarnations")
            .WithSummary("Starts of the node ID (epoch, host, pid, version, times, end reason) and its refused duplicate starts, newest first, paged")
            .WithDescription("limit (1-1000, default 100) per list; cursor=next_cursor for older incarnations, duplicate_starts_cursor=duplicate_starts_next_cursor for older refused starts.");
        group.MapWorkerControlEndpoints();
        return group;
    }

    private static async Task<Results<FileContentHttpResult, BadRequest<ApiError>>> ListAsync(
        string? status, string? version, string? include_retired, string? limit, string? cursor,
        WorkerListSnapshots snapshots, HttpResponse response, CancellationToken ct)
    {
        WorkerStatus? statusFilter = null;
        if (status is not null)
        {
            if (!WorkerStatusNames.TryParse(status, out var parsed))
                return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, $"invalid status filter '{Shorten(status)}': use active, stalled or inactive");
            statusFilter = parsed;
        }
        if (version is { Length: > MaxVersionLength })
            return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, $"the version filter is longer than {MaxVersionLength} characters");
        var includeRetired = false;
        if (include_retired is not null && !bool.TryParse(include_retired, out includeRetired))
            return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, $"include_retired must be true or false, got '{Shorten(include_retired)}'");
        if (Paging.ParseLimit(limit, MaxListPage, null, out var pageSize) is { } limitError)
            return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, limitError);
        NodeId? after = null;
        if (cursor is not null)
        {
            if (!NodeId.TryParse(cursor, out var c, out var cursorError))
                return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, $"cursor must be the next_cursor of the previous page (a node ID): {cursorError}");
            after = c;
        }

        var snapshot = await snapshots.GetAsync(new WorkerFilter(statusFilter, version, includeRetired, after, pageSize), ct).ConfigureAwait(false);
        response.Headers["X-Snapshot-Age-Ms"] = ((long)snapshots.AgeOf(snapshot).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(snapshot.Body, "application/json");
    }

    private static async Task<Results<Ok<WorkerDetailResponse>, BadRequest<ApiError>, NotFound<ApiError>>> GetAsync(
        string id, WorkerRepository workers, IncarnationRepository incarnations, DuplicateStartRepository duplicates,
        ControllerOptions options, CancellationToken ct)
    {
        if (!NodeId.TryParse(id, out var nodeId, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidWorkerId, error);
        var worker = await workers.GetAsync(nodeId, options.Liveness, ct).ConfigureAwait(false);
        if (worker is null)
            return NotFound(nodeId);
        var count = await incarnations.CountAsync(nodeId, ct).ConfigureAwait(false);
        var recent = await incarnations.ListAsync(nodeId, RecentCount, ct).ConfigureAwait(false);
        var (dupCount, _) = await duplicates.CountAsync(nodeId, ct).ConfigureAwait(false);
        var recentDups = await duplicates.ListAsync(nodeId, RecentCount, ct).ConfigureAwait(false);
        return TypedResults.Ok(new WorkerDetailResponse(worker, count, recent, dupCount, recentDups));
    }

    private static async Task<Results<Ok<WorkerHistoryResponse>, BadRequest<ApiError>, NotFound<ApiError>>> HistoryAsync(
        string id, string? limit, string? cursor, string? duplicate_starts_cursor,
        WorkerRepository workers, IncarnationRepository incarnations, DuplicateStartRepository duplicates,
        ControllerOptions options, CancellationToken ct)
    {
        if (!NodeId.TryParse(id, out var nodeId, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidWorkerId, error);
        if (Paging.ParseLimit(limit, MaxHistoryPage, DefaultHistoryPage, out var pageSize) is { } limitError)
            return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, limitError);
        if (Paging.ParseCursor(cursor, "cursor", out var beforeEpoch) is { } cursorError)
            return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, cursorError);
        if (Paging.ParseCursor(duplicate_starts_cursor, "duplicate_starts_cursor", out var beforeDuplicate) is { } dupCursorError)
            return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, dupCursorError);
        if (await workers.GetAsync(nodeId, options.Liveness, ct).ConfigureAwait(false) is null)
            return NotFound(nodeId);
        var size = pageSize!.Value;
        var page = await incarnations.ListAsync(nodeId, size, ct, beforeEpoch is { } e ? new Epoch(e) : null).ConfigureAwait(false);
        var dups = await duplicates.ListAsync(nodeId, size, ct, beforeDuplicate).ConfigureAwait(false);
        return TypedResults.Ok(new WorkerHistoryResponse(nodeId.Value,
            page.Select(IncarnationResponse.From).ToList(),
            dups.Select(DuplicateStartResponse.From).ToList(),
            page.Count == size ? page[^1].Epoch.Value : null,
            dups.Count == size ? dups[^1].Id : null));
    }

    internal static NotFound<ApiError> NotFound(NodeId nodeId) =>
        ApiResults.NotFound(ErrorCodes.WorkerNotFound, $"no worker '{nodeId}' is registered; list workers with 'ampctl worker list'");

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
