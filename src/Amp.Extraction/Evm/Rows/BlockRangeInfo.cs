using Amp.DataStore.Ranges;

namespace Amp.Extraction.Evm.Rows;

/// <summary>
/// What the writer needs of one block in an <see cref="EvmBatch"/>: its range (number, hash, parent hash,
/// timestamp in seconds) and where its rows are (the block row is at the block's index in
/// <see cref="EvmBatch.Blocks"/>; its transactions and logs are contiguous slices), so a segment can be cut at
/// any block boundary.
/// </summary>
public readonly record struct BlockRangeInfo(
    BlockNumber Number,
    BlockHash Hash,
    BlockHash ParentHash,
    long TimestampSeconds,
    int TransactionsOffset,
    int TransactionCount,
    int LogsOffset,
    int LogCount);
