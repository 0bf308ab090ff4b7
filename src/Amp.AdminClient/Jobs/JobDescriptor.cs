using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amp.AdminClient.Jobs;

/// <summary>
/// What a job does: a closed set of records told apart by <c>kind</c>. A kind this client does not know, or a
/// known kind whose fields do not match, reads as <see cref="OtherDescriptor"/>, so it can still be shown.
/// <see cref="Json"/> holds the object exactly as the server sent it (null for a descriptor built by a caller).
/// </summary>
[JsonConverter(typeof(JobDescriptorJsonConverter))]
public abstract record JobDescriptor
{
    private protected JobDescriptor()
    {
    }

    /// <summary>The <c>kind</c> discriminator, e.g. <c>sleep</c> or <c>materialize-raw</c>.</summary>
    public abstract string Kind { get; }

    public JsonElement? Json { get; init; }

    /// <summary>Writes the descriptor's fields, <c>kind</c> first, into an object being written.</summary>
    internal abstract void WriteFields(Utf8JsonWriter writer);
}

/// <summary>How a <see cref="SleepDescriptor"/> job ends when it is told to fail.</summary>
public enum SleepFailure
{
    /// <summary>Ends as ERROR (retried).</summary>
    Error,

    /// <summary>Ends as FATAL (not retried).</summary>
    Fatal,
}

/// <summary>
/// <c>{"kind":"sleep","seconds":N,"fail"?:"error"|"fatal"}</c>: a job that runs for N seconds, then completes
/// or fails as asked. It exercises scheduling, stop, retry and failover without a blockchain.
/// </summary>
public sealed record SleepDescriptor(int Seconds, SleepFailure? Fail = null) : JobDescriptor
{
    public const string KindName = "sleep";

    /// <summary>The longest sleep a caller may ask for: one day.</summary>
    public const int MaxSeconds = 86_400;

    public override string Kind => KindName;

    public static string ToWire(SleepFailure failure) => failure == SleepFailure.Fatal ? "fatal" : "error";

    public static bool TryParseFailure(string? raw, out SleepFailure failure)
    {
        failure = SleepFailure.Error;
        if (string.Equals(raw, "error", StringComparison.OrdinalIgnoreCase))
            return true;
        failure = SleepFailure.Fatal;
        return string.Equals(raw, "fatal", StringComparison.OrdinalIgnoreCase);
    }

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("kind", KindName);
        writer.WriteNumber("seconds", Seconds);
        if (Fail is { } fail)
            writer.WriteString("fail", ToWire(fail));
    }
}

/// <summary>
/// <c>materialize-raw</c>: extract a raw dataset (<c>namespace/name@manifest_hash</c>) up to <see cref="EndBlock"/>
/// (null: continuously; else <c>latest</c>, <c>N</c> or <c>-N</c>, a string on the wire), with
/// <see cref="MaxWriters"/> partitions in parallel and optional block verification.
/// </summary>
public sealed record MaterializeRawDescriptor(string DatasetNamespace, string DatasetName, string ManifestHash, string? EndBlock = null,
    int MaxWriters = 1, bool Verify = false)
    : JobDescriptor
{
    public const string KindName = "materialize-raw";

    public override string Kind => KindName;

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("kind", KindName);
        if (EndBlock is null)
            writer.WriteNull("end_block");
        else
            writer.WriteString("end_block", EndBlock);
        writer.WriteNumber("max_writers", MaxWriters);
        writer.WriteString("dataset_namespace", DatasetNamespace);
        writer.WriteString("dataset_name", DatasetName);
        writer.WriteString("manifest_hash", ManifestHash);
        writer.WriteBoolean("verify", Verify);
    }
}

/// <summary>Any other descriptor: its kind (empty when the object has none) and the fields in <see cref="JobDescriptor.Json"/>.</summary>
public sealed record OtherDescriptor(string OtherKind) : JobDescriptor
{
    public override string Kind => OtherKind;

    internal override void WriteFields(Utf8JsonWriter writer)
    {
        if (Json is not { ValueKind: JsonValueKind.Object } json)
        {
            writer.WriteString("kind", OtherKind);
            return;
        }
        foreach (var property in json.EnumerateObject())
            property.WriteTo(writer);
    }
}
