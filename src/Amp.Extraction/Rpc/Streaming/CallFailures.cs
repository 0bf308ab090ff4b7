using Amp.Extraction.Errors;
using Amp.Extraction.Evm;

namespace Amp.Extraction.Rpc.Streaming;

/// <summary>The retryable failures of one block's calls, with the block in the message.</summary>
internal static class CallFailures
{
    public static ExtractionException CallError(string method, BlockNumber block, RpcError error) =>
        new(ExtractionErrorCodes.RpcCallError, $"block {block}: {method} answered {error}", isRetryable: true, block);

    public static ExtractionException BlockNotFound(BlockNumber block) =>
        new(ExtractionErrorCodes.BlockNotFound, $"block {block} not found (eth_getBlockByNumber answered null)", isRetryable: true, block);

    public static ExtractionException ReceiptsMissing(string method, BlockNumber block) =>
        new(ExtractionErrorCodes.ReceiptsMissing, $"block {block}: {method} answered null; a block is never written without its receipts", isRetryable: true, block);
}
