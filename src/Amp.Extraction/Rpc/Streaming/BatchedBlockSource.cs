using System.Runtime.CompilerServices;
using System.Text.Json;
using Amp.Extraction.Errors;
using Amp.Extraction.Evm;

namespace Amp.Extraction.Rpc.Streaming;

/// <summary>
/// §5.4 batched: rounds of 10·B blocks; the blocks of a round in JSON-RPC batches of B (one permit per batch),
/// then the receipts of the round's blocks that have transactions, again in batches of B. Blocks are handed out in
/// order up to the first one that failed; that failure then ends the stream (the caller restarts from there).
/// </summary>
internal sealed class BatchedBlockSource(RpcCaller caller, SemaphoreSlim permits, int batchSize, bool receiptsPerTx)
{
    public async IAsyncEnumerable<RawBlock> FetchAsync(BlockNumber from, BlockNumber to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var roundSize = 10UL * (ulong)batchSize;
        for (var roundStart = from.Value; roundStart <= to.Value;)
        {
            var roundEnd = Math.Min(to.Value, roundStart + roundSize - 1);
            var numbers = new BlockNumber[roundEnd - roundStart + 1];
            for (var i = 0; i < numbers.Length; i++)
                numbers[i] = new BlockNumber(roundStart + (ulong)i);
            var responses = new List<RpcResponses>();
            try
            {
                var headers = await CallInBatchesAsync(numbers.Select(RpcCall.Block).ToArray(), responses, cancellationToken).ConfigureAwait(false);
                var (good, failure) = Headers(numbers, headers);
                var receipts = await ReceiptsAsync(numbers, headers, good, responses, cancellationToken).ConfigureAwait(false);
                for (var b = 0; b < good; b++)
                {
                    var (blockReceipts, receiptFailure) = receipts[b];
                    if (receiptFailure is not null)
                        throw receiptFailure;
                    yield return RawBlock.Create(numbers[b], headers[b].Result, blockReceipts, responses.SelectMany(r => r.HoldAll()).ToArray());
                }
                if (failure is not null)
                    throw failure;
            }
            finally
            {
                foreach (var response in responses)
                    response.Dispose();
            }
            if (roundEnd == to.Value)
                yield break;
            roundStart = roundEnd + 1;
        }
    }

    private readonly record struct Answer(JsonElement Result, RpcError? Error);

    private static (int Good, ExtractionException? Failure) Headers(BlockNumber[] numbers, Answer[] headers)
    {
        for (var b = 0; b < numbers.Length; b++)
        {
            if (headers[b].Error is { } error)
                return (b, CallFailures.CallError(RpcCall.GetBlockByNumber, numbers[b], error));
            if (headers[b].Result.ValueKind != JsonValueKind.Object)
                return (b, CallFailures.BlockNotFound(numbers[b]));
        }
        return (numbers.Length, null);
    }

    private static int TransactionCount(JsonElement header) =>
        header.TryGetProperty("transactions"u8, out var txs) && txs.ValueKind == JsonValueKind.Array ? txs.GetArrayLength() : 0;

    /// <summary>Per good block: its receipts, or the failure that keeps it from being emitted.</summary>
    private async Task<(JsonElement[] Receipts, ExtractionException? Failure)[]> ReceiptsAsync(
        BlockNumber[] numbers, Answer[] headers, int good, List<RpcResponses> responses, CancellationToken cancellationToken)
    {
        var result = new (JsonElement[], ExtractionException?)[good];
        var calls = new List<RpcCall>();
        var owners = new List<int>();
        for (var b = 0; b < good; b++)
        {
            result[b] = ([], null);
            if (TransactionCount(headers[b].Result) == 0)
                continue;
            if (!receiptsPerTx)
            {
                calls.Add(RpcCall.BlockReceipts(numbers[b]));
                owners.Add(b);
                continue;
            }
            foreach (var tx in headers[b].Result.GetProperty("transactions"u8).EnumerateArray())
            {
                calls.Add(RpcCall.TransactionReceipt(tx.GetProperty("hash"u8)));
                owners.Add(b);
            }
        }
        if (calls.Count == 0)
            return result;
        var answers = await CallInBatchesAsync(calls.ToArray(), responses, cancellationToken).ConfigureAwait(false);
        var perBlock = new Dictionary<int, List<JsonElement>>();
        for (var i = 0; i < answers.Length; i++)
        {
            var b = owners[i];
            if (result[b].Item2 is not null)
                continue;
            var method = calls[i].Method;
            if (answers[i].Error is { } error)
                result[b] = ([], CallFailures.CallError(method, numbers[b], error));
            else if (!receiptsPerTx && answers[i].Result.ValueKind != JsonValueKind.Array)
                result[b] = ([], CallFailures.ReceiptsMissing(method, numbers[b]));
            else if (receiptsPerTx && answers[i].Result.ValueKind != JsonValueKind.Object)
                result[b] = ([], CallFailures.ReceiptsMissing(method, numbers[b]));
            else if (!receiptsPerTx)
                result[b] = (answers[i].Result.EnumerateArray().ToArray(), null);
            else
                (perBlock.TryGetValue(b, out var list) ? list : perBlock[b] = []).Add(answers[i].Result);
        }
        foreach (var (b, list) in perBlock)
            if (result[b].Item2 is null)
                result[b] = (list.ToArray(), null);
        return result;
    }

    private async Task<Answer[]> CallInBatchesAsync(RpcCall[] calls, List<RpcResponses> responses, CancellationToken cancellationToken)
    {
        var answers = new Answer[calls.Length];
        for (var start = 0; start < calls.Length; start += batchSize)
        {
            var chunk = calls.AsSpan(start, Math.Min(batchSize, calls.Length - start)).ToArray();
            await permits.WaitAsync(cancellationToken).ConfigureAwait(false);
            RpcResponses response;
            try
            {
                response = await caller.CallAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                permits.Release();
            }
            responses.Add(response);
            for (var i = 0; i < chunk.Length; i++)
                answers[start + i] = new Answer(response.Result(i), response.Error(i));
        }
        return answers;
    }
}
