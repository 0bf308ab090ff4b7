using System.Text.Json;

namespace Amp.AdminClient.Json;

/// <summary>
/// Serializer settings for Admin API bodies: snake_case names, unknown fields ignored (the server may add
/// fields at any time), and a missing or null required field is an error rather than a silent default.
/// </summary>
internal static class AdminJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new NodeIdJsonConverter());
        options.Converters.Add(new WorkerStatusJsonConverter());
        options.Converters.Add(new EpochJsonConverter());
        options.Converters.Add(new IncarnationEndReasonJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
