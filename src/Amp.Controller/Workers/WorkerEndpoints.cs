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

    public static RouteGroupBuilder MapWorkerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/workers").WithTags("Workers");
        group.MapGet("/", ListAsync)
            .WithName("ListWorkers")
            .WithSummary("List workers with status, build info and timestamps, ordered by node_id")
            .WithDescription("Optional filters: status=active|stalled|inactive, version=<exact version>, include_retired=true.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetWorker")
            .WithSummary("Get one worker by node ID, with its latest incarnations and refused duplicate starts");
        group.MapGet("/{id}/incarnations", HistoryAsync)
            .WithName("GetWorkerIncarnations")
            .WithSummary("Every start of the node ID (epoch, host, pid, version, times, end reason) and its refused duplicate starts");
        group.MapWorkerControlEndpoints();
        return group;
    }

    private static async Task<Results<Ok<WorkerListResponse>, BadRequest<ApiError>>> ListAsync(
        string? status, string? version, string? include_retired, WorkerRepository workers, ControllerOptions options, CancellationToken ct)
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

        var list = await workers.ListAsync(new WorkerFilter(statusFilter, version, includeRetired), options.Liveness, ct).ConfigureAwait(false);
        return TypedResults.Ok(new WorkerListResponse(list.Select(w => new WorkerResponse(w)).ToList()));
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
        string id, WorkerRepository workers, IncarnationRepository incarnations, DuplicateStartRepository duplicates,
        ControllerOptions options, CancellationToken ct)
    {
        if (!NodeId.TryParse(id, out var nodeId, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidWorkerId, error);
        if (await workers.GetAsync(nodeId, options.Liveness, ct).ConfigureAwait(false) is null)
            return NotFound(nodeId);
        var all = await incarnations.ListAsync(nodeId, int.MaxValue, ct).ConfigureAwait(false);
        var dups = await duplicates.ListAsync(nodeId, int.MaxValue, ct).ConfigureAwait(false);
        return TypedResults.Ok(new WorkerHistoryResponse(nodeId.Value, all.Select(IncarnationResponse.From).ToList(), dups.Select(DuplicateStartResponse.From).ToList()));
    }

    internal static NotFound<ApiError> NotFound(NodeId nodeId) =>
        ApiResults.NotFound(ErrorCodes.WorkerNotFound, $"no worker '{nodeId}' is registered; list workers with 'ampctl worker list'");

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
