using System.Text.Json.Nodes;
using Amp.Controller.Errors;
using Amp.Controller.Jobs;
using Amp.Datasets.Identity;
using Amp.Datasets.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Providers;

public sealed record ProviderListResponse([property: System.Text.Json.Serialization.JsonPropertyName("providers")] IReadOnlyList<JsonObject> Providers);

/// <summary>
/// <c>/providers</c>: evm-rpc providers stored as <c>providers_dir/&lt;name&gt;.toml</c> (Amp's P1–P4). Unlike Amp, a
/// provider is validated when it is stored (unknown keys refused by name) and secrets written in clear are masked.
/// </summary>
public static partial class ProviderEndpoints
{
    public static RouteGroupBuilder MapProviderEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/providers").WithTags("Providers");
        group.MapGet("/", ListAsync).WithName("ListProviders").WithSummary("Every provider, by name, secrets masked");
        group.MapPost("/", RegisterAsync).WithName("RegisterProvider")
            .WithSummary("Store (upsert) a provider {name, kind, network, url, …} as <providers_dir>/<name>.toml; 201 with the provider, secrets masked")
            .Accepts<JsonObject>("application/json");
        group.MapGet("/{name}", GetAsync).WithName("GetProvider").WithSummary("One provider, secrets masked, ${VAR} placeholders as written");
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteProvider").WithSummary("Delete a provider (204, also when absent)");
        return group;
    }

    private static async Task<Ok<ProviderListResponse>> ListAsync(ProviderStore store, CancellationToken ct) =>
        TypedResults.Ok(new ProviderListResponse((await store.ListAsync(ct).ConfigureAwait(false)).Select(p => p.ToMaskedJson()).ToList()));

    private static async Task<Results<Created<JsonObject>, BadRequest<ApiError>>> RegisterAsync(
        HttpRequest request, ProviderStore store, ILogger<ProviderStore> logger, CancellationToken ct)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (body is null)
            return ApiResults.BadRequest(ErrorCodes.InvalidRequestBody, bodyError ?? "the body must be a JSON object {name, kind, network, url, …}");
        var rawName = body["name"] is { } n && n.GetValueKind() == System.Text.Json.JsonValueKind.String ? n.GetValue<string>() : null;
        if (rawName is null)
            return ApiResults.BadRequest(ErrorCodes.InvalidRequestBody, "the provider needs a \"name\" string, e.g. \"eth_mainnet\"");
        if (!ProviderName.TryParse(rawName, out var name, out var nameError))
            return ApiResults.BadRequest(ErrorCodes.InvalidRequestBody, nameError);
        if (!ProviderDocument.TryCreate(name, ProviderJson.Values(body, "name"), out var document, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidRequestBody, $"provider '{name}': {error}");
        await store.PutAsync(document!, ct).ConfigureAwait(false);
        Stored(logger, name.Value, document!.Network);
        return TypedResults.Created($"/providers/{name}", document.ToMaskedJson());
    }

    private static async Task<Results<Ok<JsonObject>, BadRequest<ApiError>, NotFound<ApiError>, JsonHttpResult<ApiError>>> GetAsync(
        string name, ProviderStore store, CancellationToken ct)
    {
        if (!ProviderName.TryParse(name, out var n, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidProviderName, error);
        var (document, problem) = await store.GetAsync(n, ct).ConfigureAwait(false);
        if (problem is not null)
            return ApiResults.Error(ErrorCodes.ProviderConversionError, $"{problem}; fix the file or register the provider again");
        return document is null
            ? ApiResults.NotFound(ErrorCodes.ProviderNotFound, $"no provider '{n}'; list providers with 'ampctl provider list'")
            : TypedResults.Ok(document.ToMaskedJson());
    }

    private static async Task<Results<NoContent, BadRequest<ApiError>>> DeleteAsync(string name, ProviderStore store, ILogger<ProviderStore> logger, CancellationToken ct)
    {
        if (!ProviderName.TryParse(name, out var n, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidProviderName, error);
        if (await store.DeleteAsync(n, ct).ConfigureAwait(false))
            Deleted(logger, n.Value);
        return TypedResults.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {provider} stored (network {network})")]
    private static partial void Stored(ILogger logger, string provider, string network);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {provider} deleted")]
    private static partial void Deleted(ILogger logger, string provider);
}
