using Amp.MetadataDb.Workers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Fleet;

/// <summary><c>/fleet</c>: the fleet at a glance. A resource of its own, since any word can be a node ID.</summary>
public static class FleetEndpoints
{
    public static void MapFleetEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/fleet", GetAsync).WithTags("Fleet").WithName("GetFleet")
            .WithSummary("Counts by status and version, oldest running commit, refused duplicate starts in the last 24 h");

    private static async Task<Ok<FleetSummary>> GetAsync(WorkerRepository workers, DuplicateStartRepository duplicates, ControllerOptions options, CancellationToken ct)
    {
        var all = await workers.ListAsync(WorkerFilter.None with { IncludeRetired = true }, options.Liveness, ct).ConfigureAwait(false);
        var (_, last24h) = await duplicates.CountAsync(null, ct).ConfigureAwait(false);
        return TypedResults.Ok(FleetSummary.From(all, last24h));
    }
}
