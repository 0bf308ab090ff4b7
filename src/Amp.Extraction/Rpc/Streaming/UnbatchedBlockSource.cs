using System.Runtime.CompilerServices;
using System.Text.Json;
using Amp.Extraction.Evm;

namespace Amp.Extraction.Rpc.Streaming;

/// <summary>
/// §5.4 unbatched: per block, under one concurrency permit, <c>eth_getBlockByNumber(n, true)</c>, then (when it has
/// transactions) <c>eth_getBlockReceipts(n)</c> or every <c>eth_getTransactionReceipt</c> at once.
/// </summary>
internal sealed class UnbatchedBlockSource(RpcCaller caller, SemaphoreSlim permits, bool receiptsPerTx)
{
    public async IAsyncEnumerable<RawBlock> FetchAsync(BlockNumber from, BlockNumber to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var n = from; n <= to; n = n.Next)
        {
            await permits.WaitAsync(cancellationToken).ConfigureAwait(false);
            RawBlock block;
            try
            {
                block = await FetchOneAsync(n, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                permits.Release();
            }
            yield return block;
            if (n == to)
                yield break;
        }
    }

    private async Task<RawBlock> FetchOneAsync(BlockNumber n, CancellationToken cancellationToken)
    {
        using var blockResponse = await caller.CallAsync([RpcCall.Block(n)], cancellationToken).ConfigureAwait(false);
        if (blockResponse.Error(0) is { } error)
            throw CallFailures.CallError(RpcCall.GetBlockByNumber, n, error);
        var header = blockResponse.Result(0);
        if (header.ValueKind != JsonValueKind.Object)
            throw CallFailures.BlockNotFound(n);
        var txs = header.TryGetProperty("transactions"u8, out var list) && list.ValueKind == JsonValueKind.Array ? list : default;
        if (txs.ValueKind != JsonValueKind.Array || txs.GetArrayLength() == 0)
            return RawBlock.Create(n, header, [], blockResponse.HoldAll());
        if (!receiptsPerTx)
        {
            using var receipts = await caller.CallAsync([RpcCall.BlockReceipts(n)], cancellationToken).ConfigureAwait(false);
            if (receipts.Error(0) is { } receiptError)
                throw CallFailures.CallError(RpcCall.GetBlockReceipts, n, receiptError);
            if (receipts.Result(0).ValueKind != JsonValueKind.Array)
                throw CallFailures.ReceiptsMissing(RpcCall.GetBlockReceipts, n);
            return RawBlock.Create(n, header, receipts.Result(0).EnumerateArray().ToArray(), [.. blockResponse.HoldAll(), .. receipts.HoldAll()]);
        }
        var calls = txs.EnumerateArray().Select(tx => caller.CallAsync([RpcCall.TransactionReceipt(tx.GetProperty("hash"u8))], cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(calls).ConfigureAwait(false);
        }
        catch
        {
            foreach (var call in calls.Where(c => c.IsCompletedSuccessfully))
                call.Result.Dispose();
            throw;
        }
        var responses = calls.Select(c => c.Result).ToArray();
        try
        {
            var receiptElements = new JsonElement[responses.Length];
            for (var i = 0; i < responses.Length; i++)
            {
                if (responses[i].Error(0) is { } receiptError)
                    throw CallFailures.CallError(RpcCall.GetTransactionReceipt, n, receiptError);
                receiptElements[i] = responses[i].Result(0);
                if (receiptElements[i].ValueKind != JsonValueKind.Object)
                    throw CallFailures.ReceiptsMissing(RpcCall.GetTransactionReceipt, n);
            }
            return RawBlock.Create(n, header, receiptElements, [.. blockResponse.HoldAll(), .. responses.SelectMany(r => r.HoldAll())]);
        }
        finally
        {
            foreach (var response in responses)
                response.Dispose();
        }
    }
}
