using System.Text.Json;
using System.Text.Json.Serialization;
using Amp.AdminClient.Workers;

namespace Amp.AdminClient.Json;

/// <summary>
/// Reads one flat worker object twice: as a <see cref="Worker"/>, and, when it carries <c>incarnation_count</c>,
/// as a <see cref="WorkerHistory"/>. The wire stays flat; the types stay separate.
/// </summary>
internal sealed class WorkerDetailJsonConverter : JsonConverter<WorkerDetail>
{
    public override WorkerDetail Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException($"expected a worker object, got {root.ValueKind}");
        var worker = root.Deserialize<Worker>(options) ?? throw new JsonException("expected a worker object, got null");
        var history = root.TryGetProperty("incarnation_count", out _)
            ? root.Deserialize<WorkerHistory>(options)
            : null;
        return new WorkerDetail(worker, history);
    }

    public override void Write(Utf8JsonWriter writer, WorkerDetail value, JsonSerializerOptions options) =>
        throw new NotSupportedException("the Admin API client only reads worker details");
}
