using System.Text.Json;
using Amp.Extraction.Evm.Rows.Columns;
using Amp.Extraction.Evm.Tables;
using Apache.Arrow;
using Apache.Arrow.Types;
using static Amp.Extraction.Evm.Rows.HexField;

namespace Amp.Extraction.Evm.Rows;

/// <summary>Appends <c>blocks</c> rows (§3.1) from block headers.</summary>
internal sealed class BlockRows
{
    private readonly PrimitiveColumn<ulong> _blockNum1 = new(UInt64Type.Default);
    private readonly PrimitiveColumn<ulong> _blockNum = new(UInt64Type.Default);
    private readonly PrimitiveColumn<long> _timestamp = new(EvmTypes.Timestamp);
    private readonly FixedColumn _hash = new(EvmTypes.Hash);
    private readonly FixedColumn _parentHash = new(EvmTypes.Hash);
    private readonly FixedColumn _ommersHash = new(EvmTypes.Hash);
    private readonly FixedColumn _miner = new(EvmTypes.Address);
    private readonly FixedColumn _stateRoot = new(EvmTypes.Hash);
    private readonly FixedColumn _transactionsRoot = new(EvmTypes.Hash);
    private readonly FixedColumn _receiptRoot = new(EvmTypes.Hash);
    private BinaryArray.Builder _logsBloom = new();
    private readonly FixedColumn _difficulty = new(EvmTypes.Currency);
    private readonly FixedColumn _totalDifficulty = new(EvmTypes.Currency);
    private readonly PrimitiveColumn<ulong> _gasLimit = new(UInt64Type.Default);
    private readonly PrimitiveColumn<ulong> _gasUsed = new(UInt64Type.Default);
    private BinaryArray.Builder _extraData = new();
    private readonly FixedColumn _mixHash = new(EvmTypes.Hash);
    private readonly PrimitiveColumn<ulong> _nonce = new(UInt64Type.Default);
    private readonly FixedColumn _baseFee = new(EvmTypes.Currency);
    private readonly FixedColumn _withdrawalsRoot = new(EvmTypes.Hash);
    private readonly PrimitiveColumn<ulong> _blobGasUsed = new(UInt64Type.Default);
    private readonly PrimitiveColumn<ulong> _excessBlobGas = new(UInt64Type.Default);
    private readonly FixedColumn _parentBeaconRoot = new(EvmTypes.Hash);
    private readonly FixedColumn _requestsHash = new(EvmTypes.Hash);
    private byte[] _scratch = new byte[1024];

    public int Length => _blockNum.Length;

    public void Append(JsonElement block, ulong number, long timestampNanos)
    {
        _blockNum1.Append(number);
        _blockNum.Append(number);
        _timestamp.Append(timestampNanos);
        FixedBytes(Require(block, "hash"u8), _hash.AppendSlot());
        FixedBytes(Require(block, "parentHash"u8), _parentHash.AppendSlot());
        FixedBytes(Require(block, "sha3Uncles"u8), _ommersHash.AppendSlot());
        FixedBytes(Require(block, "miner"u8), _miner.AppendSlot());
        FixedBytes(Require(block, "stateRoot"u8), _stateRoot.AppendSlot());
        FixedBytes(Require(block, "transactionsRoot"u8), _transactionsRoot.AppendSlot());
        FixedBytes(Require(block, "receiptsRoot"u8), _receiptRoot.AppendSlot());
        _logsBloom.Append(Bytes(Require(block, "logsBloom"u8), ref _scratch));
        _difficulty.AppendDecimal(Amount(Require(block, "difficulty"u8)));
        _totalDifficulty.AppendAmountOrNull(block, "totalDifficulty"u8);
        _gasLimit.Append(Quantity(block, "gasLimit"u8));
        _gasUsed.Append(Quantity(block, "gasUsed"u8));
        _extraData.Append(Bytes(Require(block, "extraData"u8), ref _scratch));
        if (TryGet(block, "mixHash"u8, out var mix))
            FixedBytes(mix, _mixHash.AppendSlot());
        else
            _mixHash.AppendSlot();
        _nonce.Append(TryGet(block, "nonce"u8, out var nonce) ? QuantityOf(nonce, "nonce"u8) : 0UL);
        _baseFee.AppendAmountOrNull(block, "baseFeePerGas"u8);
        _withdrawalsRoot.AppendFixedOrNull(block, "withdrawalsRoot"u8);
        _blobGasUsed.Append(OptionalQuantity(block, "blobGasUsed"u8));
        _excessBlobGas.Append(OptionalQuantity(block, "excessBlobGas"u8));
        _parentBeaconRoot.AppendFixedOrNull(block, "parentBeaconBlockRoot"u8);
        _requestsHash.AppendFixedOrNull(block, "requestsHash"u8);
    }

    public RecordBatch Build()
    {
        var length = Length;
        IArrowArray[] columns =
        [
            _blockNum1.Build(), _blockNum.Build(), _timestamp.Build(), _hash.Build(), _parentHash.Build(), _ommersHash.Build(),
            _miner.Build(), _stateRoot.Build(), _transactionsRoot.Build(), _receiptRoot.Build(), _logsBloom.Build(),
            _difficulty.Build(), _totalDifficulty.Build(), _gasLimit.Build(), _gasUsed.Build(), _extraData.Build(),
            _mixHash.Build(), _nonce.Build(), _baseFee.Build(), _withdrawalsRoot.Build(), _blobGasUsed.Build(),
            _excessBlobGas.Build(), _parentBeaconRoot.Build(), _requestsHash.Build(),
        ];
        _logsBloom = new BinaryArray.Builder();
        _extraData = new BinaryArray.Builder();
        return new RecordBatch(BlocksTable.Schema, columns, length);
    }
}
