using System.Text.Json;
using Amp.Extraction.Evm;

namespace Amp.Extraction.Rpc;

/// <summary>One JSON-RPC call: a method and its params as JSON text.</summary>
internal readonly record struct RpcCall(string Method, string ParamsJson)
{
    public const string GetBlockByNumber = "eth_getBlockByNumber";
    public const string GetBlockReceipts = "eth_getBlockReceipts";
    public const string GetTransactionReceipt = "eth_getTransactionReceipt";

    public static RpcCall Block(BlockNumber number) => new(GetBlockByNumber, $"[\"{number.ToHex()}\",true]");

    public static RpcCall Head(HeadTag tag) => new(GetBlockByNumber, tag == HeadTag.Finalized ? "[\"finalized\",false]" : "[\"latest\",false]");

    public static RpcCall BlockReceipts(BlockNumber number) => new(GetBlockReceipts, $"[\"{number.ToHex()}\"]");

    public static RpcCall TransactionReceipt(JsonElement hash) => new(GetTransactionReceipt, $"[{hash.GetRawText()}]");
}

/// <summary>Which head the extraction follows: <c>latest</c>, or <c>finalized</c> for <c>finalized_blocks_only</c>.</summary>
public enum HeadTag
{
    Latest,
    Finalized,
}

/// <summary>A JSON-RPC error object of one call.</summary>
internal sealed record RpcError(long Code, string Message)
{
    /// <summary>-32020 response too large, -32007 batch limit exceeded: asking for less helps.</summary>
    public bool AsksForSmallerRequests => Code is -32020 or -32007;

    public override string ToString() => $"error {Code}: {Message}";
}
