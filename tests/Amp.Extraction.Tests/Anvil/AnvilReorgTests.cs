using Amp.Extraction.Evm;
using Amp.Extraction.Rpc;

namespace Amp.Extraction.Tests.Anvil;

/// <summary>The anvil fixture's mine, reorg and deploy helpers, observed through the extraction client.</summary>
public sealed class AnvilReorgTests
{
    private static async Task<List<(ulong Number, string Hash, string Parent, int Logs)>> StreamAsync(EvmRpcClient client, ulong to)
    {
        var blocks = new List<(ulong, string, string, int)>();
        await foreach (var block in client.StreamBlocksAsync(new BlockNumber(0), new BlockNumber(to), CancellationToken.None))
        {
            using (block)
                blocks.Add((block.Number.Value, block.Block.GetProperty("hash").GetString()!, block.Block.GetProperty("parentHash").GetString()!,
                    block.Receipts.Sum(r => r.GetProperty("logs").GetArrayLength())));
        }
        return blocks;
    }

    [Fact]
    public async Task A_depth_one_reorg_replaces_the_head_block_and_keeps_the_chain_linked()
    {
        await using var anvil = await Amp.Testing.Anvil.StartAsync();
        var accounts = await anvil.AccountsAsync();
        var emitter = await anvil.DeployLogEmitterAsync(accounts[0]);
        var call = await anvil.SendTransactionAsync(new() { ["from"] = accounts[1], ["to"] = emitter, ["data"] = "0x01", ["gas"] = "0x30d40" });
        var callBlock = (int)Amp.Testing.Anvil.ParseHex((await anvil.ReceiptAsync(call))["blockNumber"]);
        await anvil.MineAsync(2);
        var head = await anvil.BlockNumberAsync();
        using var client = new EvmRpcClient(new EvmRpcClientOptions { Url = anvil.HttpUrl, RpcBatchSize = 2 });
        var before = await StreamAsync(client, head);
        Assert.Equal(Amp.Testing.LogEmitterContract.LogsPerCall, before[callBlock].Logs);

        await anvil.ReorgAsync(1);

        Assert.Equal(head, (await client.GetHeadAsync(HeadTag.Latest, CancellationToken.None))!.Value.Value);
        var after = await StreamAsync(client, head);
        Assert.Equal(before.Take((int)head), after.Take((int)head));
        Assert.NotEqual(before[(int)head].Hash, after[(int)head].Hash);
        for (var n = 1; n < after.Count; n++)
            Assert.Equal(after[n - 1].Hash, after[n].Parent);
    }
}
