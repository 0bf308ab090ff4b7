using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amp.AdminClient.Jobs;

/// <summary>A <see cref="JobId"/> is a plain positive JSON integer on the wire; anything else breaks the contract.</summary>
internal sealed class JobIdJsonConverter : JsonConverter<JobId>
{
    public override JobId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && JobId.TryCreate(value, out var id)
            ? id
            : throw new JsonException($"expected a positive integer job ID, got {reader.TokenType}");

    public override void Write(Utf8JsonWriter writer, JobId value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Value);
}
