using Amp.DataStore.Ranges;
using Amp.Extraction.Errors;
using static Amp.Extraction.Evm.Rows.HexField;

namespace Amp.Extraction.Evm.Rows;

/// <summary>
/// Converts <see cref="RawBlock"/>s straight from their JSON into the Arrow columns of the three tables, several
/// blocks per batch. A block that fails to convert ends with a FATAL <see cref="ExtractionException"/>
/// (<c>INVALID_BLOCK_DATA</c>, naming the block) and leaves the builder unusable: its columns hold part of it.
/// </summary>
public sealed class EvmRowsBuilder
{
    /// <summary>About this many rows in the largest table make a batch (amp writes one block per batch; we do not).</summary>
    public const int DefaultTargetRows = 1000;

    private readonly BlockRows _blocks = new();
    private readonly TransactionRows _transactions = new();
    private readonly LogRows _logs = new();
    private readonly List<BlockRangeInfo> _ranges = [];
    private string? _broken;

    public int BlockCount => _blocks.Length;

    public int TransactionCount => _transactions.Length;

    public int LogCount => _logs.Length;

    /// <summary>True when the largest table holds at least <paramref name="targetRows"/> rows.</summary>
    public bool IsFull(int targetRows = DefaultTargetRows) =>
        Math.Max(BlockCount, Math.Max(TransactionCount, LogCount)) >= targetRows;

    public BlockRangeInfo Append(RawBlock block)
    {
        if (_broken is not null)
            throw new InvalidOperationException($"the rows builder cannot be used after a failed block: {_broken}");
        if (_ranges.Count > 0 && block.Number.Value != _ranges[^1].Number.Value + 1)
            throw new ExtractionException(ExtractionErrorCodes.NonIncreasingBlocks,
                $"block {block.Number} follows block {_ranges[^1].Number} in one batch", isRetryable: false, block.Number);
        try
        {
            var range = AppendRows(block);
            _ranges.Add(range);
            return range;
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException or KeyNotFoundException)
        {
            _broken = $"block {block.Number}: {e.Message}";
            throw new ExtractionException(ExtractionErrorCodes.InvalidBlockData, $"block {block.Number}: {e.Message}", isRetryable: false, block.Number, e);
        }
    }

    private BlockRangeInfo AppendRows(RawBlock raw)
    {
        var header = raw.Block;
        var number = raw.Number.Value;
        var seconds = Quantity(header, "timestamp"u8);
        var nanos = checked((long)seconds * 1_000_000_000L);
        Span<byte> hash = stackalloc byte[32];
        Span<byte> parent = stackalloc byte[32];
        FixedBytes(Require(header, "hash"u8), hash);
        FixedBytes(Require(header, "parentHash"u8), parent);

        _blocks.Append(header, number, nanos);
        var txOffset = _transactions.Length;
        var logOffset = _logs.Length;
        uint position = 0;
        foreach (var tx in header.GetProperty("transactions"u8).EnumerateArray())
        {
            var receipt = raw.Receipts[(int)position];
            _transactions.Append(tx, receipt, position, hash, number, nanos);
            _logs.AppendReceiptLogs(receipt, number, nanos);
            position++;
        }
        return new BlockRangeInfo(raw.Number, BlockHash.FromBytes(hash), BlockHash.FromBytes(parent), checked((long)seconds),
            txOffset, _transactions.Length - txOffset, logOffset, _logs.Length - logOffset);
    }

    /// <summary>The rows appended since the last flush, as one batch per table; null when there are none.</summary>
    public EvmBatch? Flush()
    {
        if (_ranges.Count == 0)
            return null;
        var batch = new EvmBatch(_blocks.Build(), _transactions.Build(), _logs.Build(), _ranges.ToArray());
        _ranges.Clear();
        return batch;
    }
}
