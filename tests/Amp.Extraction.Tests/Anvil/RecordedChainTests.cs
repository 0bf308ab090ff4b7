using Amp.Extraction.Evm;
using Amp.Extraction.Evm.Rows;
using Amp.Extraction.Rpc;
using Amp.Testing.FaultRpc;

namespace Amp.Extraction.Tests.Anvil;

/// <summary>A chain recorded from anvil and replayed by the fault server extracts to the same rows as anvil itself.</summary>
public sealed class RecordedChainTests(AnvilChainFixture fixture) : IClassFixture<AnvilChainFixture>
{
    private static async Task<List<(ulong Block, int Transactions, int Logs, string Hash)>> ExtractAsync(Uri url, int batchSize, bool perTx, ulong head)
    {
        using var client = new EvmRpcClient(new EvmRpcClientOptions { Url = url, RpcBatchSize = batchSize, FetchReceiptsPerTx = perTx });
        var result = new List<(ulong, int, int, string)>();
        await foreach (var batch in client.StreamBlocksAsync(new BlockNumber(0), new BlockNumber(head), CancellationToken.None).ToBatchesAsync(100))
        {
            using (batch)
                result.AddRange(batch.Ranges.Select(r => (r.Number.Value, r.TransactionCount, r.LogCount, r.Hash.ToString())));
        }
        return result;
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(6, true)]
    [InlineData(6, false)]
    public async Task Replayed_chain_gives_the_rows_anvil_gives(int batchSize, bool perTx)
    {
        await using var server = await FaultRpcServer.StartAsync(await ChainData.RecordAsync(fixture.Node));
        Assert.Equal(fixture.Chain.Head, server.Chain.Head);
        var fromAnvil = await ExtractAsync(fixture.Node.HttpUrl, 0, false, fixture.Chain.Head);
        var replayed = await ExtractAsync(server.Url, batchSize, perTx, fixture.Chain.Head);
        Assert.Equal(fromAnvil, replayed);
        Assert.Equal(perTx, server.Requests.Any(r => r.Method == "eth_getTransactionReceipt"));
        Assert.True(replayed.Sum(r => r.Logs) > 0);
    }
}
