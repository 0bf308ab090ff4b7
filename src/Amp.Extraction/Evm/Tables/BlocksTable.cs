using Apache.Arrow;
using Apache.Arrow.Types;
using static Amp.Extraction.Evm.Tables.EvmTypes;

namespace Amp.Extraction.Evm.Tables;

/// <summary>Amp's <c>blocks</c> table: one row per block (amp-extraction.md §3.1).</summary>
public static class BlocksTable
{
    public const string Name = "blocks";

    public static readonly Schema Schema = new Schema.Builder()
        .Field(Required("_block_num", UInt64Type.Default))
        .Field(Required("block_num", UInt64Type.Default))
        .Field(Required("timestamp", Timestamp))
        .Field(Required("hash", Hash))
        .Field(Required("parent_hash", Hash))
        .Field(Required("ommers_hash", Hash))
        .Field(Required("miner", Address))
        .Field(Required("state_root", Hash))
        .Field(Required("transactions_root", Hash))
        .Field(Required("receipt_root", Hash))
        .Field(Required("logs_bloom", BinaryType.Default))
        .Field(Required("difficulty", Currency))
        .Field(Optional("total_difficulty", Currency))
        .Field(Required("gas_limit", UInt64Type.Default))
        .Field(Required("gas_used", UInt64Type.Default))
        .Field(Required("extra_data", BinaryType.Default))
        .Field(Required("mix_hash", Hash))
        .Field(Required("nonce", UInt64Type.Default))
        .Field(Optional("base_fee_per_gas", Currency))
        .Field(Optional("withdrawals_root", Hash))
        .Field(Optional("blob_gas_used", UInt64Type.Default))
        .Field(Optional("excess_blob_gas", UInt64Type.Default))
        .Field(Optional("parent_beacon_root", Hash))
        .Field(Optional("requests_hash", Hash))
        .Build();
}
