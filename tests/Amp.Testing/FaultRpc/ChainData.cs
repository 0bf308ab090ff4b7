using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Amp.Testing.FaultRpc;

/// <summary>
/// The blocks (with full transactions) and receipts a <see cref="FaultRpcServer"/> serves: recorded from anvil, or
/// generated with consistent hashes (parent links, receipt ↔ transaction hashes, log block fields).
/// </summary>
public sealed class ChainData
{
    private readonly List<(JsonObject Block, JsonArray Receipts)> _blocks;

    private ChainData(List<(JsonObject, JsonArray)> blocks) => _blocks = blocks;

    /// <summary>The highest block; meaningless when <see cref="IsEmpty"/>.</summary>
    public ulong Head => (ulong)_blocks.Count - 1;

    /// <summary>A chain without even a genesis block: the server answers null for every block tag.</summary>
    public bool IsEmpty => _blocks.Count == 0;

    /// <summary>No blocks at all, as a provider that has none yet.</summary>
    public static ChainData Empty() => new([]);

    public JsonObject Block(ulong number) => _blocks[(int)number].Block;

    public JsonArray Receipts(ulong number) => _blocks[(int)number].Receipts;

    public int TransactionCount(ulong number) => Block(number)["transactions"]!.AsArray().Count;

    public int LogCount(ulong number) => Receipts(number).Sum(r => r!["logs"]!.AsArray().Count);

    /// <summary>The receipt of a transaction hash, with its block, or null.</summary>
    public (ulong Block, JsonNode Receipt)? ReceiptOf(string txHash)
    {
        for (var n = 0; n < _blocks.Count; n++)
            foreach (var receipt in _blocks[n].Receipts)
                if (string.Equals(receipt!["transactionHash"]!.GetValue<string>(), txHash, StringComparison.OrdinalIgnoreCase))
                    return ((ulong)n, receipt);
        return null;
    }

    /// <summary>Records blocks 0..=head of a running anvil.</summary>
    public static async Task<ChainData> RecordAsync(Anvil anvil)
    {
        var head = await anvil.BlockNumberAsync().ConfigureAwait(false);
        var blocks = new List<(JsonObject, JsonArray)>();
        for (ulong n = 0; n <= head; n++)
            blocks.Add((await anvil.BlockAsync(n).ConfigureAwait(false), await anvil.BlockReceiptsAsync(n).ConfigureAwait(false)));
        return new ChainData(blocks);
    }

    /// <summary>
    /// Blocks 0..=head; block n holds <c>n % (maxTransactions + 1)</c> type-2 transactions, each with
    /// <paramref name="logsPerTransaction"/> logs.
    /// </summary>
    public static ChainData Generate(ulong head, int maxTransactions = 3, int logsPerTransaction = 2)
    {
        var blocks = new List<(JsonObject, JsonArray)>();
        var parent = Hash("genesis-parent");
        for (ulong n = 0; n <= head; n++)
        {
            var hash = Hash($"block {n}");
            var txs = new JsonArray();
            var receipts = new JsonArray();
            var txCount = (int)(n % (ulong)(maxTransactions + 1));
            ulong logIndex = 0;
            for (var i = 0; i < txCount; i++)
            {
                var txHash = Hash($"tx {n}/{i}");
                txs.Add(new JsonObject
                {
                    ["type"] = "0x2", ["hash"] = txHash, ["nonce"] = Hex(n), ["blockHash"] = hash, ["blockNumber"] = Hex(n),
                    ["transactionIndex"] = Hex((ulong)i), ["from"] = Address(i), ["to"] = Address(i + 100), ["value"] = Hex(n * 1000 + (ulong)i),
                    ["gas"] = "0x5208", ["maxFeePerGas"] = "0x4a817c800", ["maxPriorityFeePerGas"] = "0x3b9aca00", ["gasPrice"] = "0x3b9aca00",
                    ["input"] = "0x", ["chainId"] = "0x7a69", ["accessList"] = new JsonArray(), ["v"] = "0x1", ["yParity"] = "0x1",
                    ["r"] = Hash($"r {n}/{i}"), ["s"] = "0x1",
                });
                var logs = new JsonArray();
                for (var l = 0; l < logsPerTransaction; l++)
                {
                    logs.Add(new JsonObject
                    {
                        ["address"] = Address(7), ["topics"] = new JsonArray(Hash($"topic {l}")), ["data"] = "0x01",
                        ["blockHash"] = hash, ["blockNumber"] = Hex(n), ["transactionHash"] = txHash,
                        ["transactionIndex"] = Hex((ulong)i), ["logIndex"] = Hex(logIndex++), ["removed"] = false,
                    });
                }
                receipts.Add(new JsonObject
                {
                    ["transactionHash"] = txHash, ["transactionIndex"] = Hex((ulong)i), ["blockHash"] = hash, ["blockNumber"] = Hex(n),
                    ["cumulativeGasUsed"] = Hex(21000UL * (ulong)(i + 1)), ["gasUsed"] = "0x5208", ["status"] = "0x1", ["logs"] = logs,
                    ["type"] = "0x2", ["from"] = Address(i), ["to"] = Address(i + 100),
                });
            }
            blocks.Add((new JsonObject
            {
                ["number"] = Hex(n), ["hash"] = hash, ["parentHash"] = parent, ["sha3Uncles"] = Hash("uncles"), ["miner"] = Address(0),
                ["stateRoot"] = Hash($"state {n}"), ["transactionsRoot"] = Hash($"txroot {n}"), ["receiptsRoot"] = Hash($"rroot {n}"),
                ["logsBloom"] = "0x" + new string('0', 512), ["difficulty"] = "0x0", ["gasLimit"] = "0x1c9c380",
                ["gasUsed"] = Hex(21000UL * (ulong)txCount), ["timestamp"] = Hex(1_700_000_000 + 12 * n), ["extraData"] = "0x",
                ["mixHash"] = Hash($"mix {n}"), ["nonce"] = "0x0000000000000000", ["baseFeePerGas"] = "0x3b9aca00",
                ["transactions"] = txs,
            }, receipts));
            parent = hash;
        }
        return new ChainData(blocks);
    }

    public static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static string Hash(string seed) => "0x" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    private static string Address(int seed) => "0x" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"address {seed}")))[..40];
}
