using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Datasets.Identity;

namespace Amp.Datasets.Manifests;

/// <summary><c>ampctl manifest generate</c>: a complete raw manifest with the built-in evm-rpc table schemas, so nobody writes one by hand.</summary>
public static class ManifestGenerator
{
    private static readonly Lazy<byte[]> Tables = new(() =>
    {
        using var stream = typeof(ManifestGenerator).Assembly.GetManifestResourceStream("Amp.Datasets.evm-rpc-tables.json")
            ?? throw new InvalidOperationException("the built-in evm-rpc table schemas are missing from the assembly");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    });

    public static RawManifest EvmRpc(string network, ulong startBlock, bool finalizedBlocksOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(network);
        using var doc = JsonDocument.Parse(Tables.Value);
        var tables = new JsonObject();
        foreach (var t in doc.RootElement.EnumerateObject())
        {
            tables[t.Name] = new JsonObject
            {
                ["schema"] = new JsonObject { ["arrow"] = new JsonObject { ["fields"] = JsonNode.Parse(t.Value.GetRawText()) } },
                ["network"] = network,
            };
        }
        var root = new JsonObject
        {
            ["kind"] = RawManifest.EvmRpcKind,
            ["network"] = network,
            ["start_block"] = startBlock,
            ["finalized_blocks_only"] = finalizedBlocksOnly,
            ["tables"] = tables,
        };
        using var built = JsonDocument.Parse(root.ToJsonString());
        return RawManifest.TryParse(built.RootElement, out var manifest, out var error)
            ? manifest!
            : throw new InvalidOperationException($"the built-in evm-rpc manifest does not parse: {error!.Message}");
    }

    /// <summary>The table names every evm-rpc dataset exposes.</summary>
    public static IReadOnlyList<TableName> BuiltInTableNames { get; } = RawManifest.BuiltInTables.Select(TableName.Parse).ToList();
}
