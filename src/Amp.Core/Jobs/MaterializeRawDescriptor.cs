using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Amp.Core.Jobs;

/// <summary>
/// Amp's raw extraction job: <c>{"kind":"materialize-raw","end_block","max_writers","dataset_namespace",
/// "dataset_name","manifest_hash","verify"}</c>, fields in Amp's order. <see cref="EndBlock"/> null = continuous;
/// <see cref="MaxWriters"/> = partitions inside the one job (deploy's <c>parallelism</c>), 1 to 65535.
/// </summary>
public sealed partial record MaterializeRawDescriptor(
    string DatasetNamespace, string DatasetName, string ManifestHash, EndBlock? EndBlock, int MaxWriters, bool Verify) : JobDescriptor
{
    public const string KindName = "materialize-raw";
    public const int MaxMaxWriters = ushort.MaxValue;

    public override string Kind => KindName;

    /// <summary>The idempotency key Amp gives a dataset's job: SHA-256 of <c>materialize-raw:&lt;ns&gt;/&lt;name&gt;@&lt;hash&gt;</c>, hex.</summary>
    public string IdempotencyKey =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{KindName}:{DatasetNamespace}/{DatasetName}@{ManifestHash}")));

    public override JsonObject ToJson() => new()
    {
        ["kind"] = KindName,
        ["end_block"] = EndBlock?.ToString(),
        ["max_writers"] = MaxWriters,
        ["dataset_namespace"] = DatasetNamespace,
        ["dataset_name"] = DatasetName,
        ["manifest_hash"] = ManifestHash,
        ["verify"] = Verify,
    };

    internal static bool TryParse(JsonObject json, string[] ignore, out JobDescriptor? descriptor, out string? error)
    {
        descriptor = null;
        error = UnknownField(json, ["kind", "end_block", "max_writers", "dataset_namespace", "dataset_name", "manifest_hash", "verify", .. ignore]);
        if (error is not null)
            return false;
        string? Text(string key) => json[key] is { } n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
        var ns = Text("dataset_namespace");
        var name = Text("dataset_name");
        var hash = Text("manifest_hash");
        if (ns is null || !NamespacePattern().IsMatch(ns))
            error = "a materialize-raw job needs \"dataset_namespace\": lowercase letters, digits and '_' (e.g. \"_\")";
        else if (name is null || !NamePattern().IsMatch(name))
            error = "a materialize-raw job needs \"dataset_name\": a lowercase letter or '_', then lowercase letters, digits or '_'";
        else if (hash is null || !HashPattern().IsMatch(hash))
            error = "a materialize-raw job needs \"manifest_hash\": 64 lowercase hex digits";
        if (error is not null)
            return false;

        EndBlock? end = null;
        if (json["end_block"] is { } e)
        {
            if (e.GetValueKind() != JsonValueKind.String || !EndBlock.TryParse(e.GetValue<string>(), out end, out error))
            {
                error ??= EndBlock.Rule;
                return false;
            }
        }
        var maxWriters = 1;
        if (json["max_writers"] is { } m && (m.GetValueKind() != JsonValueKind.Number || !m.AsValue().TryGetValue(out maxWriters) || maxWriters is < 1 or > MaxMaxWriters))
        {
            error = $"max_writers must be a whole number from 1 to {MaxMaxWriters}";
            return false;
        }
        var verify = false;
        if (json["verify"] is { } v)
        {
            if (v.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = "verify must be true or false";
                return false;
            }
            verify = v.GetValue<bool>();
        }
        descriptor = new MaterializeRawDescriptor(ns!, name!, hash!, end, maxWriters, verify);
        return true;
    }

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}
