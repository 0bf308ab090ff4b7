using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Datasets.Identity;

namespace Amp.Datasets.Manifests;

/// <summary>One column of a manifest table, Amp's <c>{name, type, nullable}</c>; <see cref="Type"/> is the canonical Arrow type node.</summary>
public sealed record ManifestField(string Name, JsonNode Type, bool Nullable);

/// <summary>A table of a raw manifest: its Arrow schema and network. Amp ignores it for evm-rpc (the built-in schemas win) but hashes it.</summary>
public sealed record ManifestTable(IReadOnlyList<ManifestField> Fields, string Network);

/// <summary>
/// A raw evm-rpc dataset manifest (Amp's <c>datasets-raw</c> struct): <c>kind, network, start_block,
/// finalized_blocks_only, tables</c>. Parsed once at the edge; its canonical bytes and hash are computed here.
/// </summary>
public sealed record RawManifest(string Network, ulong StartBlock, bool FinalizedBlocksOnly, IReadOnlyDictionary<TableName, ManifestTable> Tables)
{
    public const string EvmRpcKind = "evm-rpc";

    /// <summary>The kinds this build registers; Amp's others (<c>firehose</c>, <c>solana</c>, <c>manifest</c>) are refused by name.</summary>
    public static IReadOnlyList<string> SupportedKinds { get; } = [EvmRpcKind];

    /// <summary>The tables an evm-rpc dataset always has, whatever its manifest lists.</summary>
    public static IReadOnlyList<string> BuiltInTables { get; } = ["blocks", "transactions", "logs"];

    public string Kind => EvmRpcKind;

    public static bool TryParse(JsonElement root, out RawManifest? manifest, out ManifestError? error)
    {
        manifest = null;
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = new ManifestError(ManifestErrorKind.Invalid, "a manifest is a JSON object with \"kind\", \"network\" and \"tables\"; generate one with 'ampctl manifest generate --kind evm-rpc --network NAME'");
            return false;
        }
        if (!root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            error = new ManifestError(ManifestErrorKind.Invalid, $"the manifest needs a \"kind\" string; supported: {string.Join(", ", SupportedKinds)}");
            return false;
        }
        if (kind.GetString() != EvmRpcKind)
        {
            error = new ManifestError(ManifestErrorKind.UnsupportedKind,
                $"dataset kind '{IdentifierRulesText(kind.GetString()!)}' is not supported; supported kinds: {string.Join(", ", SupportedKinds)}");
            return false;
        }
        try
        {
            manifest = Read(root);
            return true;
        }
        catch (ManifestFormatException ex)
        {
            error = new ManifestError(ManifestErrorKind.Invalid, $"invalid evm-rpc manifest at {ex.Message}");
            return false;
        }
    }

    public static bool TryParse(ReadOnlySpan<byte> utf8, out RawManifest? manifest, out ManifestError? error)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8.ToArray());
            return TryParse(doc.RootElement, out manifest, out error);
        }
        catch (JsonException ex)
        {
            manifest = null;
            error = new ManifestError(ManifestErrorKind.Invalid, $"the manifest is not valid JSON: {ex.Message}");
            return false;
        }
    }

    private static string IdentifierRulesText(string s) => s.Length <= 40 ? s : s[..37] + "...";

    private static RawManifest Read(JsonElement root)
    {
        var network = NonEmptyString(root, "network", "network");
        ulong start = 0;
        if (root.TryGetProperty("start_block", out var sb) && sb.ValueKind != JsonValueKind.Null)
            start = sb.ValueKind == JsonValueKind.Number && sb.TryGetUInt64(out var s) ? s : throw new ManifestFormatException("start_block", "expected a whole number from 0");
        var finalized = root.TryGetProperty("finalized_blocks_only", out var f) && f.ValueKind != JsonValueKind.Null
            && ArrowTypes.Bool(f, "finalized_blocks_only").GetValue<bool>();
        if (!root.TryGetProperty("tables", out var tables) || tables.ValueKind != JsonValueKind.Object)
            throw new ManifestFormatException("tables", "expected an object of table name → {\"schema\":{\"arrow\":{\"fields\":[…]}},\"network\":…}");
        var map = new SortedDictionary<TableName, ManifestTable>(Comparer<TableName>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value)));
        foreach (var t in tables.EnumerateObject())
        {
            if (!TableName.TryParse(t.Name, out var name, out var nameError))
                throw new ManifestFormatException($"tables.{t.Name}", nameError);
            map[name] = ReadTable(t.Value, $"tables.{t.Name}");
        }
        return new RawManifest(network, start, finalized, map);
    }

    private static ManifestTable ReadTable(JsonElement t, string path)
    {
        if (t.ValueKind != JsonValueKind.Object || !t.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("arrow", out var arrow) || arrow.ValueKind != JsonValueKind.Object
            || !arrow.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
            throw new ManifestFormatException(path, "a table is {\"schema\":{\"arrow\":{\"fields\":[…]}},\"network\":\"…\"}");
        var list = new List<ManifestField>();
        var i = 0;
        foreach (var field in fields.EnumerateArray())
        {
            var at = $"{path}.schema.arrow.fields[{i++}]";
            if (field.ValueKind != JsonValueKind.Object)
                throw new ManifestFormatException(at, "a field is {\"name\",\"type\",\"nullable\"}");
            var name = NonEmptyString(field, "name", $"{at}.name");
            var type = field.TryGetProperty("type", out var ty) ? ArrowTypes.Normalize(ty, $"{at}.type") : throw new ManifestFormatException(at, "the field needs a \"type\"");
            var nullable = field.TryGetProperty("nullable", out var n) ? ArrowTypes.Bool(n, $"{at}.nullable").GetValue<bool>() : throw new ManifestFormatException(at, "the field needs \"nullable\"");
            list.Add(new ManifestField(name, type, nullable));
        }
        return new ManifestTable(list, NonEmptyString(t, "network", $"{path}.network"));
    }

    private static string NonEmptyString(JsonElement o, string key, string path) =>
        o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new ManifestFormatException(path, "expected a non-empty string");

    /// <summary>The manifest in Amp's struct order, as a tree for <see cref="CanonicalJson"/>.</summary>
    public JsonObject ToCanonicalNode()
    {
        var tables = new JsonObject();
        foreach (var (name, table) in Tables)
        {
            var fields = new JsonArray();
            foreach (var f in table.Fields)
                fields.Add(new JsonObject { ["name"] = f.Name, ["type"] = f.Type.DeepClone(), ["nullable"] = f.Nullable });
            tables[name.Value] = new JsonObject
            {
                ["schema"] = new JsonObject { ["arrow"] = new JsonObject { ["fields"] = fields } },
                ["network"] = table.Network,
            };
        }
        return new JsonObject
        {
            ["kind"] = Kind,
            ["network"] = Network,
            ["start_block"] = StartBlock,
            ["finalized_blocks_only"] = FinalizedBlocksOnly,
            ["tables"] = tables,
        };
    }

    /// <summary>The canonical bytes: compact, struct order, tables sorted; byte-identical to Amp's serde output.</summary>
    public byte[] ToCanonicalBytes() => CanonicalJson.ToUtf8Bytes(ToCanonicalNode());

    public ManifestHash Hash => ManifestHash.Of(ToCanonicalBytes());
}
