using System.Text.Json.Serialization;

namespace Amp.Controller.Errors;

/// <summary>The body of every 4xx/5xx answer: a stable code and a message that says what to do.</summary>
public sealed record ApiError(
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("error_message")] string ErrorMessage);
