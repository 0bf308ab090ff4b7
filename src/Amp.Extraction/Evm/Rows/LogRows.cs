using System.Text.Json;
using Amp.Extraction.Evm.Rows.Columns;
using Amp.Extraction.Evm.Tables;
using Apache.Arrow;
using Apache.Arrow.Types;
using static Amp.Extraction.Evm.Rows.HexField;

namespace Amp.Extraction.Evm.Rows;

/// <summary>Appends <c>logs</c> rows (§3.3) from the logs of receipts; the timestamp is the header's.</summary>
internal sealed class LogRows
{
    private readonly PrimitiveColumn<ulong> _blockNum1 = new(UInt64Type.Default);
    private readonly FixedColumn _blockHash = new(EvmTypes.Hash);
    private readonly PrimitiveColumn<ulong> _blockNum = new(UInt64Type.Default);
    private readonly PrimitiveColumn<long> _timestamp = new(EvmTypes.Timestamp);
    private readonly FixedColumn _txHash = new(EvmTypes.Hash);
    private readonly PrimitiveColumn<uint> _txIndex = new(UInt32Type.Default);
    private readonly PrimitiveColumn<uint> _logIndex = new(UInt32Type.Default);
    private readonly FixedColumn _address = new(EvmTypes.Address);
    private readonly FixedColumn[] _topics = [new(EvmTypes.Hash), new(EvmTypes.Hash), new(EvmTypes.Hash), new(EvmTypes.Hash)];
    private BinaryArray.Builder _data = new();
    private byte[] _scratch = new byte[1024];
    private static readonly FieldSet LogFields = new("blockHash", "blockNumber", "transactionHash", "transactionIndex", "logIndex", "address", "topics", "data");
    private const int BlockHash = 0, BlockNumber = 1, TransactionHash = 2, TransactionIndex = 3, LogIndex = 4, Address = 5, Topics = 6, Data = 7;
    private readonly JsonElement[] _fields = new JsonElement[LogFields.Count];

    public int Length => _blockNum.Length;

    /// <summary>Appends every log of one receipt; returns how many.</summary>
    public int AppendReceiptLogs(JsonElement receipt, ulong headerNumber, long timestampNanos)
    {
        if (!TryGet(receipt, "logs"u8, out var logs))
            return 0;
        var count = 0;
        var fields = _fields;
        foreach (var log in logs.EnumerateArray())
        {
            LogFields.Read(log, fields);
            _blockNum1.Append(headerNumber);
            FixedBytes(Required(fields[BlockHash], "blockHash"u8), _blockHash.AppendSlot());
            _blockNum.Append(RequiredQuantity(fields[BlockNumber], "blockNumber"u8));
            _timestamp.Append(timestampNanos);
            FixedBytes(Required(fields[TransactionHash], "transactionHash"u8), _txHash.AppendSlot());
            _txIndex.Append(checked((uint)RequiredQuantity(fields[TransactionIndex], "transactionIndex"u8)));
            _logIndex.Append(checked((uint)RequiredQuantity(fields[LogIndex], "logIndex"u8)));
            FixedBytes(Required(fields[Address], "address"u8), _address.AppendSlot());
            var topicCount = 0;
            if (Present(fields[Topics]))
            {
                foreach (var topic in fields[Topics].EnumerateArray())
                {
                    if (topicCount == 4)
                        break;
                    FixedBytes(topic, _topics[topicCount++].AppendSlot());
                }
            }
            for (; topicCount < 4; topicCount++)
                _topics[topicCount].AppendNull();
            _data.Append(Bytes(Required(fields[Data], "data"u8), ref _scratch));
            count++;
        }
        return count;
    }

    public RecordBatch Build()
    {
        var length = Length;
        IArrowArray[] columns =
        [
            _blockNum1.Build(), _blockHash.Build(), _blockNum.Build(), _timestamp.Build(), _txHash.Build(), _txIndex.Build(),
            _logIndex.Build(), _address.Build(), _topics[0].Build(), _topics[1].Build(), _topics[2].Build(), _topics[3].Build(),
            _data.Build(),
        ];
        _data = new BinaryArray.Builder();
        return new RecordBatch(LogsTable.Schema, columns, length);
    }
}
