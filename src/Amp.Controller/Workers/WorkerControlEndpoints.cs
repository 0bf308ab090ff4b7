using Amp.Controller.Errors;
using Amp.Core.Workers;
using Amp.MetadataDb.Workers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Workers;

/// <summary>Drain, undrain, retire and the safe-to-stop probe of one worker.</summary>
public static class WorkerControlEndpoints
{
    public static RouteGroupBuilder MapWorkerControlEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/{id}/drain", DrainAsync).WithName("DrainWorker")
            .WithSummary("Ask the worker to take no new jobs; it acknowledges on its next heartbeat (drain_acknowledged_at)");
        group.MapPost("/{id}/undrain", UndrainAsync).WithName("UndrainWorker")
            .WithSummary("Let a draining worker take jobs again");
        group.MapPost("/{id}/retire", RetireAsync).WithName("RetireWorker")
            .WithSummary("Remove an inactive worker from lists and counts, keeping its history; refused while its lock is held");
        group.MapGet("/{id}/safe-to-stop", SafeToStopAsync).WithName("WorkerSafeToStop")
            .WithSummary("Whether stopping the worker now loses nothing: it runs no jobs and takes none (for preStop hooks)");
        return group;
    }

    private static async Task<Results<Ok<WorkerResponse>, BadRequest<ApiError>, NotFound<ApiError>>> DrainAsync(
        string id, WorkerRepository workers, ControllerOptions options, CancellationToken ct) =>
        await ChangeAsync(id, workers, options, workers.DrainAsync, ct).ConfigureAwait(false);

    private static async Task<Results<Ok<WorkerResponse>, BadRequest<ApiError>, NotFound<ApiError>>> UndrainAsync(
        string id, WorkerRepository workers, ControllerOptions options, CancellationToken ct) =>
        await ChangeAsync(id, workers, options, workers.UndrainAsync, ct).ConfigureAwait(false);

    private static async Task<Results<Ok<WorkerResponse>, BadRequest<ApiError>, NotFound<ApiError>>> ChangeAsync(
        string id, WorkerRepository workers, ControllerOptions options, Func<NodeId, CancellationToken, Task<bool>> change, CancellationToken ct)
    {
        if (!NodeId.TryParse(id, out var nodeId, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidWorkerId, error);
        if (!await change(nodeId, ct).ConfigureAwait(false))
            return WorkerEndpoints.NotFound(nodeId);
        var worker = await workers.GetAsync(nodeId, options.Liveness, ct).ConfigureAwait(false);
        return worker is null ? WorkerEndpoints.NotFound(nodeId) : TypedResults.Ok(new WorkerResponse(worker));
    }

    private static async Task<Results<Ok<WorkerResponse>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>>> RetireAsync(
        string id, WorkerRepository workers, ControllerOptions options, CancellationToken ct)
    {
        if (!NodeId.TryParse(id, out var nodeId, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidWorkerId, error);
        switch (await workers.RetireAsync(nodeId, ct).ConfigureAwait(false))
        {
            case RetireOutcome.NotFound:
                return WorkerEndpoints.NotFound(nodeId);
            case RetireOutcome.Active:
                return TypedResults.Conflict(new ApiError(ErrorCodes.WorkerActive,
                    $"worker '{nodeId}' holds its node lock (a live process runs it); stop that process first (SIGTERM), then retire it"));
        }
        var worker = await workers.GetAsync(nodeId, options.Liveness, ct).ConfigureAwait(false);
        return worker is null ? WorkerEndpoints.NotFound(nodeId) : TypedResults.Ok(new WorkerResponse(worker));
    }

    private static async Task<Results<Ok<SafeToStopResponse>, BadRequest<ApiError>, NotFound<ApiError>>> SafeToStopAsync(
        string id, WorkerRepository workers, ControllerOptions options, CancellationToken ct)
    {
        if (!NodeId.TryParse(id, out var nodeId, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidWorkerId, error);
        var w = await workers.GetAsync(nodeId, options.Liveness, ct).ConfigureAwait(false);
        if (w is null)
            return WorkerEndpoints.NotFound(nodeId);
        var draining = w.DrainingSince is not null;
        var acknowledged = w.DrainAcknowledgedAt is not null;
        var (safe, reason) = (w.RunningJobs, w.Status, draining, acknowledged) switch
        {
            ( > 0, _, _, _) => (false, $"it still runs {w.RunningJobs} job(s); wait for them to finish or stop them"),
            (_, WorkerStatus.Inactive, _, _) => (true, "it is inactive and runs no jobs"),
            (_, _, false, _) => (false, $"it is not draining and may receive jobs at any moment; run 'ampctl worker drain {nodeId}' first"),
            (_, _, true, false) => (false, "the drain request is not acknowledged yet; the worker acknowledges on its next heartbeat"),
            _ => (true, "it is draining (acknowledged) and runs no jobs"),
        };
        return TypedResults.Ok(new SafeToStopResponse(nodeId.Value, safe, reason, draining, acknowledged, w.RunningJobs));
    }
}
