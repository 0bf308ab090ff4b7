using System.Text.Json;
using System.Text.Json.Serialization;
using Amp.Core.Workers;

namespace Amp.AdminClient.Json;

/// <summary>Reads and writes <see cref="WorkerStatus"/> by its wire name (<c>active</c>, <c>stalled</c>, <c>inactive</c>).</summary>
internal sealed class WorkerStatusJsonConverter : JsonConverter<WorkerStatus>
{
    public override WorkerStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"expected a worker status string, got {reader.TokenType}");
        var raw = reader.GetString();
        return WorkerStatusNames.TryParse(raw, out var status)
            ? status
            : throw new JsonException($"unknown worker status '{raw}'");
    }

    public override void Write(Utf8JsonWriter writer, WorkerStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWire());
}
