using Apache.Arrow;

namespace Amp.Extraction.Evm.Rows;

/// <summary>
/// The rows of several consecutive blocks, one RecordBatch per table in the schemas of
/// <see cref="Tables.EvmTables"/>, with each block's <see cref="BlockRangeInfo"/> in block order.
/// Disposing frees the Arrow buffers.
/// </summary>
public sealed record EvmBatch(RecordBatch Blocks, RecordBatch Transactions, RecordBatch Logs, IReadOnlyList<BlockRangeInfo> Ranges) : IDisposable
{
    public BlockNumber First => Ranges[0].Number;

    public BlockNumber Last => Ranges[^1].Number;

    public void Dispose()
    {
        Blocks.Dispose();
        Transactions.Dispose();
        Logs.Dispose();
    }
}
