using System.Text;
using System.Text.Json;
using Amp.Extraction.Errors;
using Amp.Extraction.Evm.Rows;

namespace Amp.Extraction.Evm;

/// <summary>The checks that tie a block to its receipts (amp-extraction.md §5.5, made fatal as DESIGN.md asks).</summary>
internal static class ReceiptPairing
{
    public static void Check(BlockNumber requested, JsonElement block, JsonElement[] receipts)
    {
        try
        {
            CheckFields(requested, block, receipts);
        }
        catch (FormatException e)
        {
            throw Invalid(requested, e);
        }
    }

    private static void CheckFields(BlockNumber requested, JsonElement block, JsonElement[] receipts)
    {
        if (block.ValueKind != JsonValueKind.Object)
            throw new ExtractionException(ExtractionErrorCodes.BlockNotFound, $"block {requested} not found (the provider answered {block.ValueKind})", isRetryable: true, requested);
        var number = HexField.Quantity(block, "number"u8);
        if (number != requested.Value)
            throw new ExtractionException(ExtractionErrorCodes.NonIncreasingBlocks, $"asked for block {requested}, the provider answered block {number}", isRetryable: false, requested);
        if (!block.TryGetProperty("transactions"u8, out var txs) || txs.ValueKind != JsonValueKind.Array)
            throw new ExtractionException(ExtractionErrorCodes.InvalidBlockData, $"block {requested} has no transactions array", isRetryable: false, requested);
        var blockHash = HexField.Digits(HexField.Require(block, "hash"u8));
        foreach (var receipt in receipts)
        {
            if (receipt.ValueKind != JsonValueKind.Object)
                throw new ExtractionException(ExtractionErrorCodes.ReceiptsMissing, $"block {requested}: a receipt is {receipt.ValueKind}", isRetryable: true, requested);
            if (HexField.TryGet(receipt, "blockHash"u8, out var receiptBlock) && !Ascii.EqualsIgnoreCase(HexField.Digits(receiptBlock), blockHash))
                throw new ExtractionException(ExtractionErrorCodes.ReceiptsFromOtherBlock,
                    $"block {requested}: receipts are for block hash {receiptBlock.GetString()}, the block is {block.GetProperty("hash"u8).GetString()} (reorg between the two calls)", isRetryable: true, requested);
        }
        if (receipts.Length != txs.GetArrayLength())
            throw new ExtractionException(ExtractionErrorCodes.ReceiptCountMismatch,
                $"block {requested} has {txs.GetArrayLength()} transactions but the provider returned {receipts.Length} receipts", isRetryable: false, requested);
        SortByTransactionIndex(receipts);
        var i = 0;
        foreach (var tx in txs.EnumerateArray())
        {
            if (tx.ValueKind != JsonValueKind.Object)
                throw new ExtractionException(ExtractionErrorCodes.InvalidBlockData, $"block {requested} lists transaction hashes, not transaction objects", isRetryable: false, requested);
            var txHash = HexField.Digits(HexField.Require(tx, "hash"u8));
            var receiptHash = HexField.Digits(HexField.Require(receipts[i], "transactionHash"u8));
            if (!Ascii.EqualsIgnoreCase(txHash, receiptHash))
                throw new ExtractionException(ExtractionErrorCodes.ReceiptHashMismatch,
                    $"block {requested}: receipt {i} is for transaction 0x{Encoding.ASCII.GetString(receiptHash)}, transaction {i} is 0x{Encoding.ASCII.GetString(txHash)}", isRetryable: false, requested);
            i++;
        }
    }

    private static void SortByTransactionIndex(JsonElement[] receipts)
    {
        for (var i = 1; i < receipts.Length; i++)
        {
            var current = receipts[i];
            var key = HexField.Quantity(current, "transactionIndex"u8);
            var j = i - 1;
            while (j >= 0 && HexField.Quantity(receipts[j], "transactionIndex"u8) > key)
            {
                receipts[j + 1] = receipts[j];
                j--;
            }
            receipts[j + 1] = current;
        }
    }

    private static ExtractionException Invalid(BlockNumber block, FormatException e) =>
        new(ExtractionErrorCodes.InvalidBlockData, $"block {block}: {e.Message}", isRetryable: false, block, e);
}
