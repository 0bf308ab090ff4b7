using Amp.Controller.Errors;
using Amp.Core.Workers;
using Amp.MetadataDb.Workers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Workers;

/// <summary><c>/workers</c>: the fleet as the operator sees it, with liveness computed by the database.</summary>
public static class WorkerEndpoints
{
    private const int MaxVersionLength = 256;

    public static RouteGroupBuilder MapWorkerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/workers").WithTags("Workers");
        group.MapGet("/", ListAsync)
            .WithName("ListWorkers")
            .WithSummary("List all workers with status, build info and timestamps, ordered by node_id")
            .WithDescription("Optional filters: status=active|stalled|inactive, version=<exact version string>.");
        group.MapGet("/{id}", GetAsync)
            .WithName("GetWorker")
            .WithSummary("Get one worker by node ID");
        return group;
    }

    private static async Task<Results<Ok<WorkerListResponse>, BadRequest<ApiError>>> ListAsync(
        string? status, string? version, WorkerRepository workers, ControllerOptions options, CancellationToken ct)
    {
        WorkerStatus? statusFilter = null;
        if (status is not null)
        {
            if (!WorkerStatusNames.TryParse(status, out var parsed))
                return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters,
                    $"invalid status filter '{Shorten(status)}': use active, stalled or inactive");
            statusFilter = parsed;
        }
        if (version is { Length: > MaxVersionLength })
            return ApiResults.BadRequest(ErrorCodes.InvalidQueryParameters, $"the version filter is longer than {MaxVersionLength} characters");

        var list = await workers.ListAsync(new WorkerFilter(statusFilter, version), options.Liveness, ct).ConfigureAwait(false);
        return TypedResults.Ok(new WorkerListResponse(list.Select(WorkerResponse.From).ToList()));
    }

    private static async Task<Results<Ok<WorkerResponse>, BadRequest<ApiError>, NotFound<ApiError>>> GetAsync(
        string id, WorkerRepository workers, ControllerOptions options, CancellationToken ct)
    {
        if (!NodeId.TryParse(id, out var nodeId, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidWorkerId, error);
        var worker = await workers.GetAsync(nodeId, options.Liveness, ct).ConfigureAwait(false);
        return worker is null
            ? ApiResults.NotFound(ErrorCodes.WorkerNotFound, $"no worker '{nodeId}' is registered; list workers with 'ampctl worker list'")
            : TypedResults.Ok(WorkerResponse.From(worker));
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
