using System.Text.Json.Nodes;
using Amp.Extraction.Evm;
using Amp.Extraction.Evm.Rows;

namespace Amp.Extraction.Tests.Rows;

/// <summary>Hand-written JSON-RPC blocks, transactions, receipts and logs, shaped like a node's answers.</summary>
internal static class BlockJson
{
    public static string Q(ulong value) => "0x" + value.ToString("x");

    /// <summary>A deterministic hex value of <paramref name="bytes"/> bytes, each byte = seed.</summary>
    public static string H(int seed, int bytes = 32) => "0x" + string.Concat(Enumerable.Repeat((seed & 0xff).ToString("x2"), bytes));

    public static JsonObject Header(ulong number, ulong timestamp = 1_700_000_000) => new()
    {
        ["number"] = Q(number),
        ["hash"] = H((int)number + 1),
        ["parentHash"] = H((int)number),
        ["sha3Uncles"] = H(0xcc),
        ["miner"] = H(0xaa, 20),
        ["stateRoot"] = H(0x51),
        ["transactionsRoot"] = H(0x52),
        ["receiptsRoot"] = H(0x53),
        ["logsBloom"] = H(0, 256),
        ["difficulty"] = "0x0",
        ["gasLimit"] = Q(30_000_000),
        ["gasUsed"] = Q(63_000),
        ["extraData"] = "0xabcd",
        ["mixHash"] = H(0x77),
        ["nonce"] = "0x0000000000000042",
        ["baseFeePerGas"] = Q(1_000_000_000),
        ["timestamp"] = Q(timestamp),
        ["transactions"] = new JsonArray(),
    };

    /// <summary>A transaction of the given type with the fields a node returns for it.</summary>
    public static JsonObject Tx(ulong block, int index, int type)
    {
        var tx = new JsonObject
        {
            ["type"] = Q((ulong)type),
            ["hash"] = H(0x10 + index),
            ["nonce"] = Q((ulong)index),
            ["blockHash"] = H((int)block + 1),
            ["blockNumber"] = Q(block),
            ["transactionIndex"] = Q((ulong)index),
            ["from"] = H(0xf0 + index, 20),
            ["to"] = H(0xe0 + index, 20),
            ["value"] = Q(1_000),
            ["gas"] = Q(21_000),
            ["gasPrice"] = Q(2_000_000_000),
            ["input"] = "0x",
            ["r"] = H(0x0e, 32),
            ["s"] = "0x2",
        };
        if (type == 0)
        {
            tx["v"] = Q(31337 * 2 + 35);
            tx["chainId"] = Q(31337);
            return tx;
        }
        tx["chainId"] = Q(31337);
        tx["v"] = "0x1";
        tx["yParity"] = "0x1";
        if (type is >= 1 and <= 4)
            tx["accessList"] = new JsonArray();
        if (type is >= 2 and <= 4)
        {
            tx["maxFeePerGas"] = Q(3_000_000_000);
            tx["maxPriorityFeePerGas"] = Q(1_500);
        }
        if (type == 3)
        {
            tx["maxFeePerBlobGas"] = Q(7);
            tx["blobVersionedHashes"] = new JsonArray(H(0x01), H(0x02));
        }
        if (type == 4)
            tx["authorizationList"] = new JsonArray(Authorization(Q(31337)));
        return tx;
    }

    public static JsonObject Authorization(string chainId) => new()
    {
        ["chainId"] = chainId,
        ["address"] = H(0x44, 20),
        ["nonce"] = "0x5",
        ["yParity"] = "0x1",
        ["r"] = "0x1234",
        ["s"] = H(0x56),
    };

    public static JsonObject Receipt(JsonObject tx, ulong cumulativeGas, params JsonObject[] logs) => new()
    {
        ["transactionHash"] = tx["hash"]!.GetValue<string>(),
        ["transactionIndex"] = tx["transactionIndex"]!.GetValue<string>(),
        ["blockHash"] = tx["blockHash"]!.GetValue<string>(),
        ["blockNumber"] = tx["blockNumber"]!.GetValue<string>(),
        ["cumulativeGasUsed"] = Q(cumulativeGas),
        ["gasUsed"] = Q(21_000),
        ["status"] = "0x1",
        ["logs"] = new JsonArray(logs),
    };

    public static JsonObject Log(JsonObject tx, ulong logIndex, int topics) => new()
    {
        ["address"] = H(0xad, 20),
        ["topics"] = new JsonArray(Enumerable.Range(0, topics).Select(t => (JsonNode)H(0xa0 + t)).ToArray()),
        ["data"] = "0x0102",
        ["blockHash"] = tx["blockHash"]!.GetValue<string>(),
        ["blockNumber"] = tx["blockNumber"]!.GetValue<string>(),
        ["transactionHash"] = tx["hash"]!.GetValue<string>(),
        ["transactionIndex"] = tx["transactionIndex"]!.GetValue<string>(),
        ["logIndex"] = Q(logIndex),
        ["removed"] = false,
    };

    /// <summary>A block holding <paramref name="txs"/>, each with a receipt (cumulative gas 21000·(i+1)).</summary>
    public static (JsonObject Header, JsonArray Receipts) WithTransactions(ulong number, params JsonObject[] txs)
    {
        var header = Header(number);
        var receipts = new JsonArray();
        for (var i = 0; i < txs.Length; i++)
        {
            header["transactions"]!.AsArray().Add(txs[i]);
            receipts.Add(Receipt(txs[i], 21_000UL * (ulong)(i + 1)));
        }
        return (header, receipts);
    }

    public static RawBlock Raw(JsonObject header, JsonArray? receipts) =>
        RawBlock.Parse(header.ToJsonString(), receipts?.ToJsonString());

    public static EvmBatch Convert(JsonObject header, JsonArray? receipts)
    {
        var builder = new EvmRowsBuilder();
        using (var raw = Raw(header, receipts))
            builder.Append(raw);
        return builder.Flush()!;
    }
}
