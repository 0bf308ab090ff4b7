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

    private static readonly FieldSet TxFields = new("type", "hash", "to", "nonce", "gasPrice", "gas", "value", "input", "r", "s", "v",
        "yParity", "chainId", "maxFeePerGas", "maxPriorityFeePerGas", "maxFeePerBlobGas", "from", "accessList", "blobVersionedHashes",
        "authorizationList");
    private const int Type = 0, Hash = 1, To = 2, Nonce = 3, GasPrice = 4, Gas = 5, Value = 6, Input = 7, R = 8, S = 9, V = 10,
        YParity = 11, ChainId = 12, MaxFee = 13, MaxPriorityFee = 14, MaxBlobFee = 15, From = 16, AccessList = 17, BlobHashes = 18,
        Authorizations = 19;
    private static readonly FieldSet ReceiptFields = new("cumulativeGasUsed", "status", "root");
    private const int CumulativeGasUsed = 0, Status = 1, Root = 2;
    private readonly JsonElement[] _tx = new JsonElement[TxFields.Count];
    private readonly JsonElement[] _receipt = new JsonElement[ReceiptFields.Count];

    public void Append(JsonElement txObject, JsonElement receiptObject, uint position, ReadOnlySpan<byte> blockHash, ulong number, long timestampNanos)
    {
        var tx = _tx;
        var receipt = _receipt;
        TxFields.Read(txObject, tx);
        ReceiptFields.Read(receiptObject, receipt);
        var type = Present(tx[Type]) ? QuantityOf(tx[Type], "type"u8) : 0UL;
        var known = type <= 4;
        _blockNum1.Append(number);
        _blockHash.Append(blockHash);
        _blockNum.Append(number);
        _timestamp.Append(timestampNanos);
        _txIndex.Append(position);
        FixedBytes(Required(tx[Hash], "hash"u8), _txHash.AppendSlot());
        _to.AppendFixedOrNull(tx[To]);
        _nonce.Append(RequiredQuantity(tx[Nonce], "nonce"u8));
        if (type <= 1)
            _gasPrice.AppendAmountOrNull(tx[GasPrice]);
        else
            _gasPrice.AppendNull();
        _gasLimit.Append(RequiredQuantity(tx[Gas], "gas"u8));
        Span<byte> digits = stackalloc byte[80];
        _value.Append(digits[..DecimalString(Required(tx[Value], "value"u8), digits)]);
        _input.Append(Bytes(Required(tx[Input], "input"u8), ref _scratch));
        AppendSignature(tx, type, known);
        _gasUsed.Append(RequiredQuantity(receipt[CumulativeGasUsed], "cumulativeGasUsed"u8));
        _type.Append(checked((int)type));
        if (type <= 1)
            _maxFee.AppendDecimal(Amount(Required(tx[GasPrice], "gasPrice"u8)));
        else if (known)
            _maxFee.AppendDecimal(Amount(Required(tx[MaxFee], "maxFeePerGas"u8)));
        else
            _maxFee.AppendDecimal(0);
        if (type is >= 2 and <= 4)
            _maxPriorityFee.AppendAmountOrNull(tx[MaxPriorityFee]);
        else
            _maxPriorityFee.AppendNull();
        if (type == 3)
            _maxBlobFee.AppendAmountOrNull(tx[MaxBlobFee]);
        else
            _maxBlobFee.AppendNull();
        FixedBytes(Required(tx[From], "from"u8), _from.AppendSlot());
        _status.Append(!Present(receipt[Status]) || QuantityOf(receipt[Status], "status"u8) == 1);
        if (Present(receipt[Root]) && Digits(receipt[Root]).Length == 64)
            FixedBytes(receipt[Root], _stateRoot.AppendSlot());
        else
            _stateRoot.AppendNull();
        _lists.AppendAccessList(tx[AccessList], type is >= 1 and <= 4);
        _lists.AppendBlobHashes(tx[BlobHashes], type == 3);
        _lists.AppendAuthorizations(tx[Authorizations], type == 4);
    }

    /// <summary>r, s, y-parity and chain id; zeros, false and null for types this code does not know (deposits).</summary>
    private void AppendSignature(JsonElement[] tx, ulong type, bool known)
    {
        if (!known)
        {
            _r.AppendSlot();
            _s.AppendSlot();
            _vParity.Append(false);
            _chainId.AppendNull();
            return;
        }
        QuantityBigEndian(Required(tx[R], "r"u8), _r.AppendSlot());
        QuantityBigEndian(Required(tx[S], "s"u8), _s.AppendSlot());
        if (type == 0)
        {
            var v = RequiredQuantity(tx[V], "v"u8);
            var protectedTx = v >= 35;
            _vParity.Append(protectedTx ? (v - 35) % 2 == 1 : v is 28 or 1);
            if (!protectedTx)
                _chainId.AppendNull();
            else
                _chainId.Append(Present(tx[ChainId]) ? QuantityOf(tx[ChainId], "chainId"u8) : (v - 35) / 2);
            return;
        }
        var parity = Present(tx[YParity]) ? QuantityOf(tx[YParity], "yParity"u8) : RequiredQuantity(tx[V], "v"u8);
        _vParity.Append(parity != 0);
        _chainId.Append(Present(tx[ChainId]) ? QuantityOf(tx[ChainId], "chainId"u8) : null);
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
