using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Errors;

/// <summary>Typed error results, so the OpenAPI document shows the error body for each status.</summary>
public static class ApiResults
{
    public static BadRequest<ApiError> BadRequest(string code, string message) => TypedResults.BadRequest(new ApiError(code, message));
    public static NotFound<ApiError> NotFound(string code, string message) => TypedResults.NotFound(new ApiError(code, message));
}
