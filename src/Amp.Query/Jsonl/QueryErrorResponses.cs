using Amp.Query.Engine;
using Microsoft.AspNetCore.Http;

namespace Amp.Query.Jsonl;

/// <summary>The one place that maps query errors to HTTP statuses and Amp's <c>{error_code, error_message}</c> body.</summary>
public static class QueryErrorResponses
{
    public static int StatusOf(QueryErrorKind kind) => kind switch
    {
        QueryErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        QueryErrorKind.NotFound => StatusCodes.Status404NotFound,
        QueryErrorKind.Timeout => StatusCodes.Status504GatewayTimeout,
        QueryErrorKind.ResourceExhausted => StatusCodes.Status422UnprocessableEntity,
        QueryErrorKind.Busy => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IResult Of(QueryError error) =>
        TypedResults.Json(new ErrorBody(error.Code, error.Message), statusCode: StatusOf(error.Kind));

    /// <summary>Amp's error body.</summary>
    public sealed record ErrorBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("error_code")] string ErrorCode,
        [property: System.Text.Json.Serialization.JsonPropertyName("error_message")] string ErrorMessage);
}
