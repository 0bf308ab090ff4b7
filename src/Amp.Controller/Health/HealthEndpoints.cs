using System.Text.Json.Serialization;
using Amp.Controller.Errors;
using Amp.MetadataDb.Connection;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Amp.Controller.Health;

public sealed record HealthResponse([property: JsonPropertyName("status")] string Status);

/// <summary><c>/healthz</c>: the process is up. <c>/readyz</c>: the metadata database answers.</summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok")))
            .WithTags("Health").WithName("Healthz").WithSummary("The controller process is up");
        routes.MapGet("/readyz", ReadyAsync)
            .WithTags("Health").WithName("Readyz").WithSummary("The metadata database is reachable");
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<ApiError>>> ReadyAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var conn = await db.OpenBoundedAsync(timeout.Token).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("SELECT 1", conn);
            await cmd.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            return TypedResults.Ok(new HealthResponse("ready"));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? "no answer within 3s" : DbErrors.Describe(ex);
            return TypedResults.Json(new ApiError(ErrorCodes.MetadataDbUnavailable, $"the metadata database is unavailable: {reason}"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
