using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amp.AdminClient.Jobs;

/// <summary>
/// Reads a descriptor object by its <c>kind</c>; what does not match a known kind exactly becomes an
/// <see cref="OtherDescriptor"/> rather than failing the response. Every result keeps the object as sent.
/// </summary>
internal sealed class JobDescriptorJsonConverter : JsonConverter<JobDescriptor>
{
    public override JobDescriptor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var json = JsonElement.ParseValue(ref reader);
        if (json.ValueKind != JsonValueKind.Object)
            throw new JsonException($"expected a job descriptor object, got {json.ValueKind}");
        var kind = String(json, "kind") ?? "";
        JobDescriptor? descriptor = kind switch
        {
            SleepDescriptor.KindName => ReadSleep(json),
            MaterializeRawDescriptor.KindName => ReadMaterializeRaw(json),
            _ => null,
        };
        return (descriptor ?? new OtherDescriptor(kind)) with { Json = json };
    }

    public override void Write(Utf8JsonWriter writer, JobDescriptor value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        value.WriteFields(writer);
        writer.WriteEndObject();
    }

    private static SleepDescriptor? ReadSleep(JsonElement json)
    {
        if (!json.TryGetProperty("seconds", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var seconds) || seconds < 0)
            return null;
        if (!json.TryGetProperty("fail", out var f) || f.ValueKind == JsonValueKind.Null)
            return new SleepDescriptor(seconds);
        return f.ValueKind == JsonValueKind.String && SleepDescriptor.TryParseFailure(f.GetString(), out var failure)
            ? new SleepDescriptor(seconds, failure)
            : null;
    }

    private static MaterializeRawDescriptor? ReadMaterializeRaw(JsonElement json)
    {
        var ns = String(json, "dataset_namespace");
        var name = String(json, "dataset_name");
        var hash = String(json, "manifest_hash");
        if (ns is null || name is null || hash is null)
            return null;
        var maxWriters = json.TryGetProperty("max_writers", out var m) && m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var w) ? w : 1;
        var verify = json.TryGetProperty("verify", out var v) && v.ValueKind == JsonValueKind.True;
        return new MaterializeRawDescriptor(ns, name, hash, String(json, "end_block"), maxWriters, verify);
    }

    private static string? String(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
