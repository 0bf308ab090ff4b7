using Amp.Extraction.Evm;
using Amp.Extraction.Evm.Rows;
using Amp.Extraction.Rpc;
using Amp.Extraction.Tests.Rows;
using Amp.Testing;
using Apache.Arrow;

namespace Amp.Extraction.Tests.Anvil;

/// <summary>Streams a generated anvil chain over HTTP and IPC, batched and unbatched, and compares the rows with anvil's answers.</summary>
public sealed class AnvilStreamingTests(AnvilChainFixture fixture) : IClassFixture<AnvilChainFixture>
{
    private sealed record Extracted(List<EvmBatch> Batches)
    {
        public int Rows(Func<EvmBatch, RecordBatch> table) => Batches.Sum(b => table(b).Length);

        public IEnumerable<(RecordBatch Batch, int Row)> All(Func<EvmBatch, RecordBatch> table) =>
            Batches.SelectMany(b => Enumerable.Range(0, table(b).Length).Select(r => (table(b), r)));
    }

    private async Task<Extracted> ExtractAsync(Uri url, int batchSize, bool perTx, int targetRows = 50)
    {
        using var client = new EvmRpcClient(new EvmRpcClientOptions { Url = url, RpcBatchSize = batchSize, FetchReceiptsPerTx = perTx });
        var head = await client.GetHeadAsync(HeadTag.Latest, CancellationToken.None);
        Assert.Equal(fixture.Chain.Head, head!.Value.Value);
        var batches = new List<EvmBatch>();
        await foreach (var batch in client.StreamBlocksAsync(new BlockNumber(0), head.Value, CancellationToken.None).ToBatchesAsync(targetRows))
            batches.Add(batch);
        return new Extracted(batches);
    }

    public static TheoryData<string, int, bool> Modes => new()
    {
        { "http", 0, false },
        { "http", 0, true },
        { "http", 4, false },
        { "http", 3, true },
        { "ipc", 0, false },
        { "ipc", 5, false },
    };

    private Uri Url(string transport) => transport == "ipc" ? fixture.Node.IpcUrl! : fixture.Node.HttpUrl;

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Row_counts_equal_what_anvil_reports(string transport, int batchSize, bool perTx)
    {
        var extracted = await ExtractAsync(Url(transport), batchSize, perTx);
        var expectedTxs = fixture.Expected.Sum(e => e.Block["transactions"]!.AsArray().Count);
        var expectedLogs = fixture.Expected.Sum(e => e.Receipts.Sum(r => r!["logs"]!.AsArray().Count));
        Assert.Equal(fixture.Expected.Count, extracted.Rows(b => b.Blocks));
        Assert.Equal(expectedTxs, extracted.Rows(b => b.Transactions));
        Assert.Equal(expectedLogs, extracted.Rows(b => b.Logs));
        Assert.Equal(fixture.Chain.Transactions, expectedTxs);
        Assert.Equal(fixture.Chain.EmitterCalls * LogEmitterContract.LogsPerCall, expectedLogs);
        Assert.True(extracted.Batches.Count < fixture.Expected.Count, "several blocks share a batch");
        var ranges = extracted.Batches.SelectMany(b => b.Ranges).ToList();
        Assert.Equal(Enumerable.Range(0, fixture.Expected.Count).Select(n => (ulong)n), ranges.Select(r => r.Number.Value));
        for (var n = 0; n < ranges.Count; n++)
        {
            Assert.Equal(fixture.Expected[n].Block["hash"]!.GetValue<string>(), ranges[n].Hash.ToString());
            Assert.Equal(fixture.Expected[n].Block["transactions"]!.AsArray().Count, ranges[n].TransactionCount);
            Assert.Equal(fixture.Expected[n].Receipts.Sum(r => r!["logs"]!.AsArray().Count), ranges[n].LogCount);
        }
        foreach (var batch in extracted.Batches)
            batch.Dispose();
    }

    [Fact]
    public async Task Transaction_and_log_values_match_anvil()
    {
        var extracted = await ExtractAsync(fixture.Node.HttpUrl, 4, false);
        var txRows = extracted.All(b => b.Transactions).ToList();
        var i = 0;
        foreach (var (block, receipts) in fixture.Expected)
        {
            var txs = block["transactions"]!.AsArray();
            for (var t = 0; t < txs.Count; t++, i++)
            {
                var (batch, row) = txRows[i];
                var tx = txs[t]!;
                var receipt = receipts[t]!;
                Assert.Equal(tx["hash"]!.GetValue<string>()[2..], Columns.Hex(batch, "tx_hash", row));
                Assert.Equal(tx["from"]!.GetValue<string>()[2..], Columns.Hex(batch, "from", row));
                Assert.Equal(tx["to"]?.GetValue<string>()[2..], Columns.Hex(batch, "to", row));
                Assert.Equal((uint)t, Columns.U32(batch, "tx_index", row));
                Assert.Equal(Amp.Testing.Anvil.ParseHex(tx["type"]), (ulong)Columns.I32(batch, "type", row)!.Value);
                Assert.Equal(Amp.Testing.Anvil.ParseHex(tx["value"]).ToString(), Columns.Str(batch, "value", row));
                Assert.Equal(Amp.Testing.Anvil.ParseHex(receipt["cumulativeGasUsed"]), Columns.U64(batch, "gas_used", row));
                Assert.Equal(receipt["status"]!.GetValue<string>() == "0x1", Columns.Bool(batch, "status", row));
                Assert.Equal(31337UL, Columns.U64(batch, "chain_id", row));
                var type = Amp.Testing.Anvil.ParseHex(tx["type"]);
                Assert.Equal(type <= 1, !Columns.IsNull(batch, "gas_price", row));
                Assert.Equal(type == 0, Columns.IsNull(batch, "access_list", row));
            }
        }
        Assert.Equal(txRows.Count, i);
        var reverts = txRows.Count(r => Columns.Bool(r.Batch, "status", r.Row) == false);
        Assert.Equal(fixture.Chain.Reverts, reverts);
        var creations = txRows.Count(r => Columns.IsNull(r.Batch, "to", r.Row));
        Assert.Equal(fixture.Chain.ContractCreations, creations);

        var logs = extracted.All(b => b.Logs).ToList();
        var topicCounts = logs.Select(l => Enumerable.Range(0, 4).Count(k => !Columns.IsNull(l.Batch, $"topic{k}", l.Row))).ToList();
        Assert.Equal(Enumerable.Repeat(new[] { 1, 2, 3, 4 }, logs.Count / 4).SelectMany(x => x), topicCounts);
        var (logBatch, logRow) = logs[^1];
        Assert.Equal(LogEmitterContract.Topics(3)[3][2..], Columns.Hex(logBatch, "topic3", logRow));
        Assert.Equal(fixture.Chain.Emitter[2..], Columns.Hex(logBatch, "address", logRow));
        foreach (var batch in extracted.Batches)
            batch.Dispose();
    }

    [Fact]
    public async Task Finalized_head_is_64_blocks_behind_or_absent()
    {
        using var client = new EvmRpcClient(new EvmRpcClientOptions { Url = fixture.Node.HttpUrl });
        var finalized = await client.GetHeadAsync(HeadTag.Finalized, CancellationToken.None);
        var head = fixture.Chain.Head;
        Assert.Equal(head >= 64 ? head - 64 : 0, finalized?.Value ?? 0);
    }
}
