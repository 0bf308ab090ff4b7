using System.Text.Json.Nodes;
using Amp.Extraction.Errors;
using Amp.Extraction.Evm.Rows;
using static Amp.Extraction.Tests.Rows.BlockJson;
using static Amp.Extraction.Tests.Rows.Columns;

namespace Amp.Extraction.Tests.Rows;

/// <summary>The blocks (§3.1) and logs (§3.3) tables, and several blocks per batch.</summary>
public sealed class BlockAndLogRowsTests
{
    [Fact]
    public void Block_row_holds_the_header_with_timestamp_in_nanoseconds()
    {
        var header = Header(7, timestamp: 1_700_000_012);
        header["totalDifficulty"] = "0x10";
        var batch = Convert(header, null);
        var b = batch.Blocks;
        Assert.Equal(1, b.Length);
        Assert.Equal(7UL, U64(b, "_block_num", 0));
        Assert.Equal(7UL, U64(b, "block_num", 0));
        Assert.Equal(1_700_000_012L * 1_000_000_000L, Nanos(b, "timestamp", 0));
        Assert.Equal(H(8)[2..], Hex(b, "hash", 0));
        Assert.Equal(H(7)[2..], Hex(b, "parent_hash", 0));
        Assert.Equal(H(0xcc)[2..], Hex(b, "ommers_hash", 0));
        Assert.Equal(H(0xaa, 20)[2..], Hex(b, "miner", 0));
        Assert.Equal(256 * 2, Hex(b, "logs_bloom", 0)!.Length);
        Assert.Equal(0, Dec(b, "difficulty", 0));
        Assert.Equal(16, Dec(b, "total_difficulty", 0));
        Assert.Equal(30_000_000UL, U64(b, "gas_limit", 0));
        Assert.Equal("abcd", Hex(b, "extra_data", 0));
        Assert.Equal(0x42UL, U64(b, "nonce", 0));
        Assert.Equal(1_000_000_000, Dec(b, "base_fee_per_gas", 0));
        Assert.True(IsNull(b, "withdrawals_root", 0));
        Assert.True(IsNull(b, "blob_gas_used", 0));
        Assert.True(IsNull(b, "requests_hash", 0));
        Assert.Equal(0, batch.Transactions.Length);
        Assert.Equal(0, batch.Logs.Length);
    }

    [Fact]
    public void Missing_nonce_and_mix_hash_default_to_zero_and_optional_fields_are_read_when_present()
    {
        var header = Header(3);
        header.Remove("nonce");
        header.Remove("mixHash");
        header.Remove("baseFeePerGas");
        header["blobGasUsed"] = "0x20000";
        header["excessBlobGas"] = "0x0";
        header["withdrawalsRoot"] = H(0x61);
        header["parentBeaconBlockRoot"] = H(0x62);
        header["requestsHash"] = H(0x63);
        var b = Convert(header, null).Blocks;
        Assert.Equal(0UL, U64(b, "nonce", 0));
        Assert.Equal(new string('0', 64), Hex(b, "mix_hash", 0));
        Assert.True(IsNull(b, "base_fee_per_gas", 0));
        Assert.True(IsNull(b, "total_difficulty", 0));
        Assert.Equal(0x20000UL, U64(b, "blob_gas_used", 0));
        Assert.Equal(0UL, U64(b, "excess_blob_gas", 0));
        Assert.Equal(H(0x61)[2..], Hex(b, "withdrawals_root", 0));
        Assert.Equal(H(0x62)[2..], Hex(b, "parent_beacon_root", 0));
        Assert.Equal(H(0x63)[2..], Hex(b, "requests_hash", 0));
    }

    [Fact]
    public void Logs_take_the_header_timestamp_keep_their_own_fields_and_drop_topics_past_the_fourth()
    {
        var tx0 = Tx(9, 0, 2);
        var tx1 = Tx(9, 1, 2);
        var (header, receipts) = WithTransactions(9, tx0, tx1);
        header["timestamp"] = Q(1_700_000_100);
        receipts[0]!["logs"] = new JsonArray(Log(tx0, 0, 0), Log(tx0, 1, 5));
        receipts[1]!["logs"] = new JsonArray(Log(tx1, 2, 2));
        var logs = Convert(header, receipts).Logs;
        Assert.Equal(3, logs.Length);
        Assert.Equal(1_700_000_100L * 1_000_000_000L, Nanos(logs, "timestamp", 2));
        Assert.Equal(new uint?[] { 0, 1, 2 }, Enumerable.Range(0, 3).Select(i => U32(logs, "log_index", i)));
        Assert.Equal(new uint?[] { 0, 0, 1 }, Enumerable.Range(0, 3).Select(i => U32(logs, "tx_index", i)));
        Assert.True(IsNull(logs, "topic0", 0));
        Assert.Equal(H(0xa3)[2..], Hex(logs, "topic3", 1));
        Assert.Equal(H(0xa1)[2..], Hex(logs, "topic1", 2));
        Assert.True(IsNull(logs, "topic2", 2));
        Assert.Equal(H(0x11)[2..], Hex(logs, "tx_hash", 2));
        Assert.Equal(H(10)[2..], Hex(logs, "block_hash", 0));
        Assert.Equal("0102", Hex(logs, "data", 0));
        Assert.Equal(9UL, U64(logs, "_block_num", 1));
    }

    [Fact]
    public void A_log_without_its_log_index_is_a_fatal_error_naming_the_block()
    {
        var tx = Tx(9, 0, 2);
        var (header, receipts) = WithTransactions(9, tx);
        var log = Log(tx, 0, 1);
        log.Remove("logIndex");
        receipts[0]!["logs"] = new JsonArray(log);
        var error = Assert.Throws<ExtractionException>(() => Convert(header, receipts));
        Assert.Equal(ExtractionErrorCodes.InvalidBlockData, error.Code);
        Assert.Contains("block 9", error.Message);
        Assert.Contains("logIndex", error.Message);
    }

    [Fact]
    public void Several_blocks_share_one_batch_and_each_range_points_at_its_rows()
    {
        var builder = new EvmRowsBuilder();
        for (ulong n = 10; n < 13; n++)
        {
            var txs = Enumerable.Range(0, (int)(n - 10)).Select(i => Tx(n, i, 2)).ToArray();
            var (header, receipts) = WithTransactions(n, txs);
            if (txs.Length > 0)
                receipts[0]!["logs"] = new JsonArray(Log(txs[0], 0, 1), Log(txs[0], 1, 1));
            using var raw = Raw(header, receipts);
            builder.Append(raw);
        }
        Assert.False(builder.IsFull());
        Assert.True(builder.IsFull(targetRows: 4));
        using var batch = builder.Flush()!;
        Assert.Equal(3, batch.Blocks.Length);
        Assert.Equal(3, batch.Transactions.Length);
        Assert.Equal(4, batch.Logs.Length);
        Assert.Equal([10UL, 11UL, 12UL], batch.Ranges.Select(r => r.Number.Value));
        Assert.Equal((0, 0, 0, 0), (batch.Ranges[0].TransactionsOffset, batch.Ranges[0].TransactionCount, batch.Ranges[0].LogsOffset, batch.Ranges[0].LogCount));
        Assert.Equal((0, 1, 0, 2), (batch.Ranges[1].TransactionsOffset, batch.Ranges[1].TransactionCount, batch.Ranges[1].LogsOffset, batch.Ranges[1].LogCount));
        Assert.Equal((1, 2, 2, 2), (batch.Ranges[2].TransactionsOffset, batch.Ranges[2].TransactionCount, batch.Ranges[2].LogsOffset, batch.Ranges[2].LogCount));
        Assert.Equal(H(12), batch.Ranges[1].Hash.ToString());
        Assert.Equal(H(11), batch.Ranges[1].ParentHash.ToString());
        Assert.Equal(1_700_000_000L, batch.Ranges[1].TimestampSeconds);
        Assert.Equal(12UL, U64(batch.Transactions, "block_num", 2));
        Assert.Null(builder.Flush());
    }

    [Fact]
    public void A_gap_between_blocks_of_one_batch_is_fatal()
    {
        var builder = new EvmRowsBuilder();
        using (var first = Raw(Header(5), null))
            builder.Append(first);
        using var third = Raw(Header(7), null);
        var error = Assert.Throws<ExtractionException>(() => builder.Append(third));
        Assert.Equal(ExtractionErrorCodes.NonIncreasingBlocks, error.Code);
        Assert.False(error.IsRetryable);
        Assert.Contains("block 7", error.Message);
    }
}
