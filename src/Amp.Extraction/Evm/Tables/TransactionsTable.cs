using Apache.Arrow;
using Apache.Arrow.Types;
using static Amp.Extraction.Evm.Tables.EvmTypes;

namespace Amp.Extraction.Evm.Tables;

/// <summary>Amp's <c>transactions</c> table: one row per transaction, in block order (amp-extraction.md §3.2).</summary>
public static class TransactionsTable
{
    public const string Name = "transactions";

    /// <summary>Element of <c>access_list</c>: Struct{address FSB20, storage_keys List&lt;FSB32&gt;}.</summary>
    public static readonly StructType AccessListItem = new([
        Required("address", Address),
        Required("storage_keys", ListOf(Hash)),
    ]);

    /// <summary>Element of <c>authorization_list</c> (EIP-7702).</summary>
    public static readonly StructType AuthorizationItem = new([
        Required("chain_id", UInt64Type.Default),
        Required("address", Address),
        Required("nonce", UInt64Type.Default),
        Required("y_parity", BooleanType.Default),
        Required("r", Hash),
        Required("s", Hash),
    ]);

    public static readonly Schema Schema = new Schema.Builder()
        .Field(Required("_block_num", UInt64Type.Default))
        .Field(Required("block_hash", Hash))
        .Field(Required("block_num", UInt64Type.Default))
        .Field(Required("timestamp", Timestamp))
        .Field(Required("tx_index", UInt32Type.Default))
        .Field(Required("tx_hash", Hash))
        .Field(Optional("to", Address))
        .Field(Required("nonce", UInt64Type.Default))
        .Field(Optional("gas_price", Currency))
        .Field(Required("gas_limit", UInt64Type.Default))
        .Field(Required("value", StringType.Default))
        .Field(Required("input", BinaryType.Default))
        .Field(Required("r", Hash))
        .Field(Required("s", Hash))
        .Field(Required("v_parity", BooleanType.Default))
        .Field(Optional("chain_id", UInt64Type.Default))
        .Field(Required("gas_used", UInt64Type.Default))
        .Field(Required("type", Int32Type.Default))
        .Field(Optional("max_fee_per_gas", Currency))
        .Field(Optional("max_priority_fee_per_gas", Currency))
        .Field(Optional("max_fee_per_blob_gas", Currency))
        .Field(Required("from", Address))
        .Field(Required("status", BooleanType.Default))
        .Field(Optional("state_root", Hash))
        .Field(Optional("access_list", ListOf(AccessListItem)))
        .Field(Optional("blob_versioned_hashes", ListOf(Hash)))
        .Field(Optional("authorization_list", ListOf(AuthorizationItem)))
        .Build();
}
