using Apache.Arrow;
using Apache.Arrow.Types;
using static Amp.Extraction.Evm.Tables.EvmTypes;

namespace Amp.Extraction.Evm.Tables;

/// <summary>Amp's <c>logs</c> table: one row per receipt log, in transaction then log order (amp-extraction.md §3.3).</summary>
public static class LogsTable
{
    public const string Name = "logs";

    public static readonly Schema Schema = new Schema.Builder()
        .Field(Required("_block_num", UInt64Type.Default))
        .Field(Required("block_hash", Hash))
        .Field(Required("block_num", UInt64Type.Default))
        .Field(Required("timestamp", Timestamp))
        .Field(Required("tx_hash", Hash))
        .Field(Required("tx_index", UInt32Type.Default))
        .Field(Required("log_index", UInt32Type.Default))
        .Field(Required("address", Address))
        .Field(Optional("topic0", Hash))
        .Field(Optional("topic1", Hash))
        .Field(Optional("topic2", Hash))
        .Field(Optional("topic3", Hash))
        .Field(Required("data", BinaryType.Default))
        .Build();
}
