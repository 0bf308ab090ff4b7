using System.Text.Json;
using System.Text.Json.Serialization;
using Amp.Core.Workers;

namespace Amp.AdminClient.Json;

/// <summary>Reads a node ID string into a validated <see cref="NodeId"/>; a bad one is a contract violation.</summary>
internal sealed class NodeIdJsonConverter : JsonConverter<NodeId>
{
    public override NodeId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"expected a node ID string, got {reader.TokenType}");
        return NodeId.TryParse(reader.GetString(), out var id, out var error) ? id : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, NodeId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
