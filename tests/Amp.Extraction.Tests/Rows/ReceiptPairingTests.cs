using System.Text.Json.Nodes;
using Amp.Extraction.Errors;
using static Amp.Extraction.Tests.Rows.BlockJson;

namespace Amp.Extraction.Tests.Rows;

/// <summary>A block and its receipts must belong together before any row is made (§5.5, fatal here).</summary>
public sealed class ReceiptPairingTests
{
    [Fact]
    public void Receipt_count_different_from_transaction_count_is_fatal_and_names_the_block()
    {
        var (header, receipts) = WithTransactions(21, Tx(21, 0, 2), Tx(21, 1, 2));
        receipts.RemoveAt(1);
        var error = Assert.Throws<ExtractionException>(() => Raw(header, receipts));
        Assert.Equal(ExtractionErrorCodes.ReceiptCountMismatch, error.Code);
        Assert.False(error.IsRetryable);
        Assert.Contains("block 21 has 2 transactions but the provider returned 1 receipts", error.Message);
    }

    [Fact]
    public void An_empty_receipt_list_for_a_block_with_transactions_is_fatal_never_no_logs()
    {
        var (header, _) = WithTransactions(21, Tx(21, 0, 2));
        var error = Assert.Throws<ExtractionException>(() => Raw(header, new JsonArray()));
        Assert.Equal(ExtractionErrorCodes.ReceiptCountMismatch, error.Code);
    }

    [Fact]
    public void Receipt_for_another_transaction_is_fatal_and_names_both_hashes()
    {
        var (header, receipts) = WithTransactions(21, Tx(21, 0, 2), Tx(21, 1, 2));
        receipts[1]!["transactionHash"] = H(0x99);
        var error = Assert.Throws<ExtractionException>(() => Raw(header, receipts));
        Assert.Equal(ExtractionErrorCodes.ReceiptHashMismatch, error.Code);
        Assert.False(error.IsRetryable);
        Assert.Contains("block 21: receipt 1 is for transaction " + H(0x99), error.Message);
    }

    [Fact]
    public void Receipts_of_another_block_version_are_a_retryable_reorg_race()
    {
        var (header, receipts) = WithTransactions(21, Tx(21, 0, 2));
        receipts[0]!["blockHash"] = H(0x77);
        var error = Assert.Throws<ExtractionException>(() => Raw(header, receipts));
        Assert.Equal(ExtractionErrorCodes.ReceiptsFromOtherBlock, error.Code);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void A_null_receipt_is_retryable()
    {
        var (header, receipts) = WithTransactions(21, Tx(21, 0, 2));
        receipts[0] = null;
        var error = Assert.Throws<ExtractionException>(() => Raw(header, receipts));
        Assert.Equal(ExtractionErrorCodes.ReceiptsMissing, error.Code);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public void Receipts_are_put_in_transaction_order()
    {
        var (header, receipts) = WithTransactions(21, Tx(21, 0, 2), Tx(21, 1, 2), Tx(21, 2, 2));
        var reversed = new JsonArray(receipts.Reverse().Select(r => r!.DeepClone()).ToArray());
        using var raw = Raw(header, reversed);
        Assert.Equal([H(0x10), H(0x11), H(0x12)], raw.Receipts.Select(r => r.GetProperty("transactionHash").GetString()));
    }

    [Fact]
    public void A_block_with_another_number_than_asked_is_fatal()
    {
        var header = Header(4);
        using var doc = System.Text.Json.JsonDocument.Parse(header.ToJsonString());
        var error = Assert.Throws<ExtractionException>(() =>
            Amp.Extraction.Evm.RawBlock.Create(new Amp.Extraction.Evm.BlockNumber(5), doc.RootElement, []));
        Assert.Equal(ExtractionErrorCodes.NonIncreasingBlocks, error.Code);
        Assert.Contains("asked for block 5, the provider answered block 4", error.Message);
    }
}
