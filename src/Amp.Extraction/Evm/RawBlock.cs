using System.Text.Json;
using Amp.Extraction.Errors;
using Amp.Extraction.Evm.Rows;

namespace Amp.Extraction.Evm;

/// <summary>
/// One block as the provider sent it: the <c>eth_getBlockByNumber(n, true)</c> result and its receipts, checked
/// to belong together (same count, receipt i for transaction i) and put in transaction order. A RawBlock without
/// its receipts cannot be made, so no block is ever converted without its logs.
/// </summary>
public sealed class RawBlock : IDisposable
{
    private readonly JsonLease[] _leases;
    private int _disposed;

    private RawBlock(BlockNumber number, JsonElement block, JsonElement[] receipts, JsonLease[] leases)
    {
        Number = number;
        Block = block;
        Receipts = receipts;
        _leases = leases;
    }

    public BlockNumber Number { get; }

    /// <summary>The block object with full transaction objects.</summary>
    public JsonElement Block { get; }

    /// <summary>Receipt i belongs to transaction i of <see cref="Block"/>.</summary>
    public IReadOnlyList<JsonElement> Receipts { get; }

    /// <summary>
    /// Checks and pairs a block with its receipts (in any order; sorted here by <c>transactionIndex</c>).
    /// The leases are held by the new block and released when it is disposed, also when the check fails.
    /// </summary>
    public static RawBlock Create(BlockNumber requested, JsonElement block, JsonElement[] receipts, params JsonLease[] leases)
    {
        try
        {
            ReceiptPairing.Check(requested, block, receipts);
        }
        catch
        {
            foreach (var lease in leases)
                lease.Release();
            throw;
        }
        return new RawBlock(requested, block, receipts, leases);
    }

    /// <summary>From JSON text: a block object and a receipt array (or null for a block without transactions).</summary>
    public static RawBlock Parse(string blockJson, string? receiptsJson)
    {
        var block = new JsonLease(JsonDocument.Parse(blockJson));
        var number = new BlockNumber(HexField.Quantity(block.Root, "number"u8));
        if (receiptsJson is null)
            return Create(number, block.Root, [], block);
        var receipts = new JsonLease(JsonDocument.Parse(receiptsJson));
        return Create(number, block.Root, receipts.Root.EnumerateArray().ToArray(), block, receipts);
    }

    public int TransactionCount => Block.GetProperty("transactions"u8).GetArrayLength();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        foreach (var lease in _leases)
            lease.Release();
    }
}
