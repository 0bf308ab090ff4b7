using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Errors;

/// <summary>Typed error results, so the OpenAPI document shows the error body for each status.</summary>
public static class ApiResults
{
    public static BadRequest<ApiError> BadRequest(string code, string message) => TypedResults.BadRequest(new ApiError(code, message));
    public static NotFound<ApiError> NotFound(string code, string message) => TypedResults.NotFound(new ApiError(code, message));
    public static Conflict<ApiError> Conflict(string code, string message) => TypedResults.Conflict(new ApiError(code, message));

    /// <summary>An error whose status comes from <see cref="ErrorCodes.StatusOf"/>.</summary>
    public static JsonHttpResult<ApiError> Error(string code, string message) =>
        TypedResults.Json(new ApiError(code, message), statusCode: ErrorCodes.StatusOf(code));
}
