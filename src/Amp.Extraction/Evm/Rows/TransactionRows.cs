using System.Text.Json;
using Amp.Extraction.Evm.Rows.Columns;
using Amp.Extraction.Evm.Tables;
using Apache.Arrow;
using Apache.Arrow.Types;
using static Amp.Extraction.Evm.Rows.HexField;

namespace Amp.Extraction.Evm.Rows;

/// <summary>Appends <c>transactions</c> rows (§3.2) from a transaction object and its receipt, with Amp's quirks.</summary>
internal sealed class TransactionRows
{
    private readonly PrimitiveColumn<ulong> _blockNum1 = new(UInt64Type.Default);
    private readonly FixedColumn _blockHash = new(EvmTypes.Hash);
    private readonly PrimitiveColumn<ulong> _blockNum = new(UInt64Type.Default);
    private readonly PrimitiveColumn<long> _timestamp = new(EvmTypes.Timestamp);
    private readonly PrimitiveColumn<uint> _txIndex = new(UInt32Type.Default);
    private readonly FixedColumn _txHash = new(EvmTypes.Hash);
    private readonly FixedColumn _to = new(EvmTypes.Address);
    private readonly PrimitiveColumn<ulong> _nonce = new(UInt64Type.Default);
    private readonly FixedColumn _gasPrice = new(EvmTypes.Currency);
    private readonly PrimitiveColumn<ulong> _gasLimit = new(UInt64Type.Default);
    private StringArray.Builder _value = new();
    private BinaryArray.Builder _input = new();
    private readonly FixedColumn _r = new(EvmTypes.Hash);
    private readonly FixedColumn _s = new(EvmTypes.Hash);
    private BooleanArray.Builder _vParity = new();
    private readonly PrimitiveColumn<ulong> _chainId = new(UInt64Type.Default);
    private readonly PrimitiveColumn<ulong> _gasUsed = new(UInt64Type.Default);
    private readonly PrimitiveColumn<int> _type = new(Int32Type.Default);
    private readonly FixedColumn _maxFee = new(EvmTypes.Currency);
    private readonly FixedColumn _maxPriorityFee = new(EvmTypes.Currency);
    private readonly FixedColumn _maxBlobFee = new(EvmTypes.Currency);
    private readonly FixedColumn _from = new(EvmTypes.Address);
    private BooleanArray.Builder _status = new();
    private readonly FixedColumn _stateRoot = new(EvmTypes.Hash);
    private readonly TransactionListColumns _lists = new();
    private byte[] _scratch = new byte[4096];

    public int Length => _blockNum.Length;

    public void Append(JsonElement tx, JsonElement receipt, uint position, ReadOnlySpan<byte> blockHash, ulong number, long timestampNanos)
    {
        var type = TryGet(tx, "type"u8, out _) ? Quantity(tx, "type"u8) : 0UL;
        var known = type <= 4;
        _blockNum1.Append(number);
        _blockHash.Append(blockHash);
        _blockNum.Append(number);
        _timestamp.Append(timestampNanos);
        _txIndex.Append(position);
        FixedBytes(Require(tx, "hash"u8), _txHash.AppendSlot());
        _to.AppendFixedOrNull(tx, "to"u8);
        _nonce.Append(Quantity(tx, "nonce"u8));
        if (type <= 1)
            _gasPrice.AppendAmountOrNull(tx, "gasPrice"u8);
        else
            _gasPrice.AppendNull();
        _gasLimit.Append(Quantity(tx, "gas"u8));
        Span<byte> digits = stackalloc byte[80];
        _value.Append(digits[..DecimalString(Require(tx, "value"u8), digits)]);
        _input.Append(Bytes(Require(tx, "input"u8), ref _scratch));
        AppendSignature(tx, type, known);
        _gasUsed.Append(Quantity(receipt, "cumulativeGasUsed"u8));
        _type.Append(checked((int)type));
        if (type <= 1)
            _maxFee.AppendDecimal(Amount(Require(tx, "gasPrice"u8)));
        else if (known)
            _maxFee.AppendDecimal(Amount(Require(tx, "maxFeePerGas"u8)));
        else
            _maxFee.AppendDecimal(0);
        if (type is >= 2 and <= 4)
            _maxPriorityFee.AppendAmountOrNull(tx, "maxPriorityFeePerGas"u8);
        else
            _maxPriorityFee.AppendNull();
        if (type == 3)
            _maxBlobFee.AppendAmountOrNull(tx, "maxFeePerBlobGas"u8);
        else
            _maxBlobFee.AppendNull();
        FixedBytes(Require(tx, "from"u8), _from.AppendSlot());
        _status.Append(!TryGet(receipt, "status"u8, out _) || Quantity(receipt, "status"u8) == 1);
        if (TryGet(receipt, "root"u8, out var root) && Digits(root).Length == 64)
            FixedBytes(root, _stateRoot.AppendSlot());
        else
            _stateRoot.AppendNull();
        _lists.AppendAccessList(tx, type is >= 1 and <= 4);
        _lists.AppendBlobHashes(tx, type == 3);
        _lists.AppendAuthorizations(tx, type == 4);
    }

    /// <summary>r, s, y-parity and chain id; zeros, false and null for types this code does not know (deposits).</summary>
    private void AppendSignature(JsonElement tx, ulong type, bool known)
    {
        if (!known)
        {
            _r.AppendSlot();
            _s.AppendSlot();
            _vParity.Append(false);
            _chainId.AppendNull();
            return;
        }
        QuantityBigEndian(Require(tx, "r"u8), _r.AppendSlot());
        QuantityBigEndian(Require(tx, "s"u8), _s.AppendSlot());
        if (type == 0)
        {
            var v = Quantity(tx, "v"u8);
            var protectedTx = v >= 35;
            _vParity.Append(protectedTx ? (v - 35) % 2 == 1 : v is 28 or 1);
            if (!protectedTx)
                _chainId.AppendNull();
            else
                _chainId.Append(OptionalQuantity(tx, "chainId"u8) ?? (v - 35) / 2);
            return;
        }
        var parity = TryGet(tx, "yParity"u8, out _) ? Quantity(tx, "yParity"u8) : Quantity(tx, "v"u8);
        _vParity.Append(parity != 0);
        _chainId.Append(OptionalQuantity(tx, "chainId"u8));
    }

    public RecordBatch Build()
    {
        var length = Length;
        var lists = _lists.Build();
        IArrowArray[] columns =
        [
            _blockNum1.Build(), _blockHash.Build(), _blockNum.Build(), _timestamp.Build(), _txIndex.Build(), _txHash.Build(),
            _to.Build(), _nonce.Build(), _gasPrice.Build(), _gasLimit.Build(), _value.Build(), _input.Build(), _r.Build(),
            _s.Build(), _vParity.Build(), _chainId.Build(), _gasUsed.Build(), _type.Build(), _maxFee.Build(),
            _maxPriorityFee.Build(), _maxBlobFee.Build(), _from.Build(), _status.Build(), _stateRoot.Build(),
            lists[0], lists[1], lists[2],
        ];
        _value = new StringArray.Builder();
        _input = new BinaryArray.Builder();
        _vParity = new BooleanArray.Builder();
        _status = new BooleanArray.Builder();
        return new RecordBatch(TransactionsTable.Schema, columns, length);
    }
}
