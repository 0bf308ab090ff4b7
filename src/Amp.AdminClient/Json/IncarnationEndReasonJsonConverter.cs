using System.Text.Json;
using System.Text.Json.Serialization;
using Amp.Core.Workers;

namespace Amp.AdminClient.Json;

/// <summary>Reads and writes <see cref="IncarnationEndReason"/> by its wire name (<c>graceful</c>, <c>connection_lost</c>, ...).</summary>
internal sealed class IncarnationEndReasonJsonConverter : JsonConverter<IncarnationEndReason>
{
    public override IncarnationEndReason Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"expected an end reason string, got {reader.TokenType}");
        var raw = reader.GetString();
        return IncarnationEndReasonNames.FromWire(raw) ?? throw new JsonException($"unknown incarnation end reason '{raw}'");
    }

    public override void Write(Utf8JsonWriter writer, IncarnationEndReason value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWire());
}
