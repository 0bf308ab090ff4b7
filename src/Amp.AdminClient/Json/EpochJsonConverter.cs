using System.Text.Json;
using System.Text.Json.Serialization;
using Amp.Core.Workers;

namespace Amp.AdminClient.Json;

/// <summary>An <see cref="Epoch"/> is a plain JSON integer on the wire.</summary>
internal sealed class EpochJsonConverter : JsonConverter<Epoch>
{
    public override Epoch Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? new Epoch(value)
            : throw new JsonException($"expected an integer epoch, got {reader.TokenType}");

    public override void Write(Utf8JsonWriter writer, Epoch value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Value);
}
