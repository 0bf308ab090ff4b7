using System.Text.Json.Nodes;
using Amp.Extraction.Errors;
using Apache.Arrow;
using static Amp.Extraction.Tests.Rows.BlockJson;
using static Amp.Extraction.Tests.Rows.Columns;

namespace Amp.Extraction.Tests.Rows;

/// <summary>The quirks of amp-extraction.md §3.2, one JSON block each.</summary>
public sealed class TransactionQuirksTests
{
    private static RecordBatch Transactions(params JsonObject[] txs)
    {
        var (header, receipts) = WithTransactions(7, txs);
        return Convert(header, receipts).Transactions;
    }

    [Fact]
    public void Tx_index_is_the_position_in_the_block_not_the_transactionIndex_field()
    {
        var first = Tx(7, 0, 2);
        var second = Tx(7, 1, 2);
        first["transactionIndex"] = "0x5";
        second["transactionIndex"] = "0x9";
        var (header, receipts) = WithTransactions(7, first, second);
        receipts[0]!["transactionIndex"] = "0x5";
        receipts[1]!["transactionIndex"] = "0x9";
        var batch = Convert(header, receipts).Transactions;
        Assert.Equal([0u, 1u], new[] { U32(batch, "tx_index", 0)!.Value, U32(batch, "tx_index", 1)!.Value });
    }

    [Fact]
    public void Gas_used_is_the_receipts_cumulative_gas_not_its_own()
    {
        var batch = Transactions(Tx(7, 0, 2), Tx(7, 1, 2), Tx(7, 2, 0));
        Assert.Equal([21_000UL, 42_000UL, 63_000UL], Enumerable.Range(0, 3).Select(i => U64(batch, "gas_used", i)!.Value));
    }

    [Fact]
    public void Gas_price_is_kept_for_types_0_and_1_and_null_for_2_3_4_and_unknown_types()
    {
        var batch = Transactions(Tx(7, 0, 0), Tx(7, 1, 1), Tx(7, 2, 2), Tx(7, 3, 3), Tx(7, 4, 4), Tx(7, 5, 0x7e));
        Assert.Equal(new Int128?[] { 2_000_000_000, 2_000_000_000, null, null, null, null }, Enumerable.Range(0, 6).Select(i => Dec(batch, "gas_price", i)));
    }

    [Fact]
    public void Max_fee_per_gas_is_the_gas_price_for_types_0_and_1_and_zero_for_unknown_types()
    {
        var batch = Transactions(Tx(7, 0, 0), Tx(7, 1, 1), Tx(7, 2, 2), Tx(7, 3, 0x7e));
        Assert.Equal(new Int128?[] { 2_000_000_000, 2_000_000_000, 3_000_000_000, 0 }, Enumerable.Range(0, 4).Select(i => Dec(batch, "max_fee_per_gas", i)));
        Assert.Equal(new Int128?[] { null, null, 1_500, null }, Enumerable.Range(0, 4).Select(i => Dec(batch, "max_priority_fee_per_gas", i)));
    }

    [Fact]
    public void Value_is_the_decimal_string_of_a_256_bit_quantity()
    {
        var small = Tx(7, 0, 2);
        var huge = Tx(7, 1, 2);
        var zero = Tx(7, 2, 2);
        huge["value"] = "0x" + new string('f', 64);
        zero["value"] = "0x0";
        var batch = Transactions(small, huge, zero);
        Assert.Equal("1000", Str(batch, "value", 0));
        Assert.Equal("115792089237316195423570985008687907853269984665640564039457584007913129639935", Str(batch, "value", 1));
        Assert.Equal("0", Str(batch, "value", 2));
    }

    [Fact]
    public void An_amount_wider_than_i128_is_a_fatal_error_naming_the_block()
    {
        var tx = Tx(7, 0, 2);
        tx["maxFeePerGas"] = "0x80000000000000000000000000000000";
        var (header, receipts) = WithTransactions(7, tx);
        var error = Assert.Throws<ExtractionException>(() => Convert(header, receipts));
        Assert.Equal(ExtractionErrorCodes.InvalidBlockData, error.Code);
        Assert.False(error.IsRetryable);
        Assert.Contains("block 7", error.Message);
        Assert.Equal(7UL, error.Block!.Value.Value);
    }

    [Fact]
    public void Largest_i128_amount_is_kept()
    {
        var tx = Tx(7, 0, 2);
        tx["maxFeePerGas"] = "0x7fffffffffffffffffffffffffffffff";
        Assert.Equal(Int128.MaxValue, Dec(Transactions(tx), "max_fee_per_gas", 0));
    }

    [Fact]
    public void Unknown_types_get_zero_signatures_false_parity_and_null_chain_id()
    {
        var deposit = Tx(7, 0, 0x7e);
        deposit.Remove("v");
        deposit.Remove("yParity");
        var batch = Transactions(deposit);
        Assert.Equal(new string('0', 64), Hex(batch, "r", 0));
        Assert.Equal(new string('0', 64), Hex(batch, "s", 0));
        Assert.False(Bool(batch, "v_parity", 0));
        Assert.True(IsNull(batch, "chain_id", 0));
        Assert.Equal(0x7e, I32(batch, "type", 0));
        Assert.True(IsNull(batch, "access_list", 0));
    }

    [Fact]
    public void Legacy_transactions_take_parity_from_v_and_chain_id_only_when_eip155_protected()
    {
        var preEip155 = Tx(7, 0, 0);
        preEip155["v"] = "0x1c";
        preEip155.Remove("chainId");
        var protectedTx = Tx(7, 1, 0);
        protectedTx["v"] = Q(31337 * 2 + 36);
        protectedTx.Remove("chainId");
        var batch = Transactions(preEip155, protectedTx);
        Assert.True(IsNull(batch, "chain_id", 0));
        Assert.True(Bool(batch, "v_parity", 0));
        Assert.Equal(31337UL, U64(batch, "chain_id", 1));
        Assert.True(Bool(batch, "v_parity", 1));
    }

    [Fact]
    public void Signatures_are_left_padded_to_32_bytes()
    {
        var batch = Transactions(Tx(7, 0, 2));
        Assert.Equal(new string('0', 63) + "2", Hex(batch, "s", 0));
        Assert.Equal(31337UL, U64(batch, "chain_id", 0));
        Assert.True(Bool(batch, "v_parity", 0));
    }

    [Fact]
    public void Status_and_state_root_come_from_the_receipt_and_a_missing_status_counts_as_success()
    {
        var (header, receipts) = WithTransactions(7, Tx(7, 0, 2), Tx(7, 1, 2), Tx(7, 2, 0));
        receipts[0]!["status"] = "0x0";
        receipts[2]!.AsObject().Remove("status");
        receipts[2]!["root"] = H(0x99);
        var batch = Convert(header, receipts).Transactions;
        Assert.Equal(new bool?[] { false, true, true }, Enumerable.Range(0, 3).Select(i => Bool(batch, "status", i)));
        Assert.True(IsNull(batch, "state_root", 0));
        Assert.Equal(new string('9', 64), Hex(batch, "state_root", 2));
    }

    [Fact]
    public void Access_list_is_an_empty_list_for_types_1_to_4_and_null_for_legacy()
    {
        var withEntries = Tx(7, 1, 1);
        withEntries["accessList"] = new JsonArray(new JsonObject { ["address"] = H(0x33, 20), ["storageKeys"] = new JsonArray(H(1), H(2)) });
        var noField = Tx(7, 2, 2);
        noField.Remove("accessList");
        var batch = Transactions(Tx(7, 0, 0), withEntries, noField, Tx(7, 3, 3), Tx(7, 4, 4));
        Assert.True(IsNull(batch, "access_list", 0));
        Assert.Equal(1, ListLength(batch, "access_list", 1));
        Assert.Equal(new[] { false, false, false }, new[] { 2, 3, 4 }.Select(i => IsNull(batch, "access_list", i)));
        Assert.Equal(new[] { 0, 0, 0 }, new[] { 2, 3, 4 }.Select(i => ListLength(batch, "access_list", i)));
        var items = (StructArray)((ListArray)Of(batch, "access_list")).Values;
        Assert.Equal(2, ((ListArray)items.Fields[1]).GetValueLength(0));
    }

    [Fact]
    public void Blob_hashes_belong_to_type_3_and_authorizations_to_type_4()
    {
        var wide = Tx(7, 2, 4);
        wide["authorizationList"] = new JsonArray(Authorization("0x10000000000000000"));
        var batch = Transactions(Tx(7, 0, 2), Tx(7, 1, 3), wide);
        Assert.True(IsNull(batch, "blob_versioned_hashes", 0));
        Assert.Equal(2, ListLength(batch, "blob_versioned_hashes", 1));
        Assert.True(IsNull(batch, "blob_versioned_hashes", 2));
        Assert.Equal(7, Dec(batch, "max_fee_per_blob_gas", 1));
        Assert.True(IsNull(batch, "max_fee_per_blob_gas", 0));
        Assert.True(IsNull(batch, "authorization_list", 1));
        Assert.Equal(1, ListLength(batch, "authorization_list", 2));
        var auth = (StructArray)((ListArray)Of(batch, "authorization_list")).Values;
        Assert.Equal(0UL, ((UInt64Array)auth.Fields[0]).GetValue(0));
        Assert.Equal(5UL, ((UInt64Array)auth.Fields[2]).GetValue(0));
        Assert.True(((BooleanArray)auth.Fields[3]).GetValue(0));
        Assert.Equal(new string('0', 60) + "1234", System.Convert.ToHexStringLower(((Apache.Arrow.Arrays.FixedSizeBinaryArray)auth.Fields[4]).GetBytes(0)));
    }

    [Fact]
    public void Contract_creation_has_a_null_to_and_the_input_bytes()
    {
        var create = Tx(7, 0, 2);
        create["to"] = null;
        create["input"] = "0x6080604052";
        var batch = Transactions(create);
        Assert.True(IsNull(batch, "to", 0));
        Assert.Equal("6080604052", Hex(batch, "input", 0));
        Assert.Equal(H(0xf0, 20)[2..], Hex(batch, "from", 0));
    }
}
