using Amp.Extraction.Errors;
using Amp.Extraction.Evm;
using Amp.Extraction.Rpc;
using Amp.Testing.FaultRpc;

namespace Amp.Extraction.Tests.Faults;

/// <summary>Streams from a <see cref="FaultRpcServer"/> and checks every emitted block against the served chain.</summary>
internal static class FaultStreaming
{
    public static readonly StreamRetryPolicy FastRetries = new(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 3, TimeSpan.FromSeconds(5));

    public static EvmRpcClientOptions Options(FaultRpcServer server, int batchSize = 0, bool perTx = false, int timeoutSecs = 30) => new()
    {
        Url = server.Url,
        RpcBatchSize = batchSize,
        FetchReceiptsPerTx = perTx,
        TimeoutSecs = timeoutSecs,
        Retry = FastRetries,
    };

    /// <summary>
    /// The numbers of the blocks emitted, and the exception that ended the stream (null when it completed). Fails
    /// the test if any emitted block lacks a transaction, a receipt or a log of the served chain.
    /// </summary>
    public static async Task<(List<ulong> Emitted, ExtractionException? Error)> StreamAsync(FaultRpcServer server, EvmRpcClientOptions options, ulong from = 0, ulong? to = null)
    {
        using var client = new EvmRpcClient(options);
        var emitted = new List<ulong>();
        try
        {
            await foreach (var block in client.StreamBlocksAsync(new BlockNumber(from), new BlockNumber(to ?? server.Chain.Head), CancellationToken.None))
            {
                using (block)
                {
                    var n = block.Number.Value;
                    Assert.Equal(server.Chain.TransactionCount(n), block.TransactionCount);
                    Assert.Equal(server.Chain.TransactionCount(n), block.Receipts.Count);
                    Assert.Equal(server.Chain.LogCount(n), block.Receipts.Sum(r => r.GetProperty("logs").GetArrayLength()));
                    emitted.Add(n);
                }
            }
            return (emitted, null);
        }
        catch (ExtractionException e)
        {
            return (emitted, e);
        }
    }

    public static IEnumerable<ulong> Range(ulong from, ulong to)
    {
        for (var n = from; n <= to; n++)
            yield return n;
    }
}
