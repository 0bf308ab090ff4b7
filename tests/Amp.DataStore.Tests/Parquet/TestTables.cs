using System.Buffers.Binary;
using Amp.DataStore.Ranges;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Amp.DataStore.Tests.Parquet;

/// <summary>A raw-table schema with every tricky type Amp uses, and batches of it for chosen blocks.</summary>
internal static class TestTables
{
    public static readonly FixedSizeBinaryType Address = new(20);
    public static readonly FixedSizeBinaryType Hash32 = new(32);
    public static readonly TimestampType Timestamp = new(TimeUnit.Nanosecond, "+00:00");
    public static readonly Decimal128Type Currency = new(38, 0);
    public static readonly ListType StorageKeys = new(new Field("item", Hash32, nullable: false));
    public static readonly StructType AccessEntry = new([new Field("address", Address, false), new Field("storage_keys", StorageKeys, false)]);
    public static readonly ListType AccessList = new(new Field("item", AccessEntry, nullable: false));

    public static readonly Schema Schema = new([
        new Field("_block_num", UInt64Type.Default, false),
        new Field("block_num", UInt64Type.Default, false),
        new Field("timestamp", Timestamp, false),
        new Field("tx_index", UInt32Type.Default, false),
        new Field("type", Int32Type.Default, false),
        new Field("status", BooleanType.Default, false),
        new Field("tx_hash", Hash32, false),
        new Field("to", Address, true),
        new Field("input", BinaryType.Default, false),
        new Field("value", StringType.Default, false),
        new Field("gas_price", Currency, true),
        new Field("access_list", AccessList, true),
    ], null);

    /// <summary>The hash of block <paramref name="number"/> on fork <paramref name="fork"/>.</summary>
    public static BlockHash BlockHashOf(ulong number, byte fork = 0)
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), number);
        bytes[0] = 0xb0;
        bytes[31] = fork;
        return BlockHash.FromBytes(bytes);
    }

    /// <summary>Block n of a chain: prev_hash links to block n-1 on <paramref name="parentFork"/>, timestamp 1,700,000,000 + 12n.</summary>
    public static BlockRange Block(ulong number, byte fork = 0, byte parentFork = 0) => new(
        new BlockSpan(number, number), "anvil", BlockHashOf(number, fork),
        number == 0 ? BlockHash.Zero : BlockHashOf(number - 1, parentFork), 1_700_000_000 + 12 * number);

    public static byte[] TxHash(ulong block, int index)
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, block);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(28), index);
        return bytes;
    }

    /// <summary>Rows for the blocks: <paramref name="rowsPerBlock"/>(block) transactions each, with nulls and lists that vary by row.</summary>
    public static RecordBatch Batch(IEnumerable<ulong> blocks, Func<ulong, int> rowsPerBlock)
    {
        var rows = blocks.SelectMany(b => Enumerable.Range(0, rowsPerBlock(b)).Select(i => (Block: b, Index: i))).ToList();
        var n = rows.Count;
        var blockNums = new UInt64Array.Builder();
        var blockNums2 = new UInt64Array.Builder();
        var timestamps = new TimestampArray.Builder(Timestamp);
        var txIndex = new UInt32Array.Builder();
        var types = new Int32Array.Builder();
        var status = new BooleanArray.Builder();
        var input = new BinaryArray.Builder();
        var value = new StringArray.Builder();
        var gasPrice = new Decimal128Array.Builder(Currency);
        var hashes = new byte[n * 32];
        var to = new byte[n * 20];
        var toValid = new ArrowBuffer.BitmapBuilder();
        var listOffsets = new ArrowBuffer.Builder<int>().Append(0);
        var listValid = new ArrowBuffer.BitmapBuilder();
        var addresses = new List<byte>();
        var keyOffsets = new ArrowBuffer.Builder<int>().Append(0);
        var keys = new List<byte>();
        int entries = 0, keyCount = 0;
        for (var r = 0; r < n; r++)
        {
            var (block, index) = rows[r];
            blockNums.Append(block);
            blockNums2.Append(block);
            timestamps.Append(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + 12 * (long)block));
            txIndex.Append((uint)index);
            types.Append(index % 3);
            status.Append(index % 2 == 0);
            TxHash(block, index).CopyTo(hashes, r * 32);
            toValid.Append(index % 4 != 3);
            to[r * 20] = (byte)index;
            to[r * 20 + 19] = (byte)block;
            input.Append(Enumerable.Range(0, index % 5).Select(i => (byte)((ulong)i + block)).ToArray().AsSpan());
            value.Append((block * 1_000_000_000_000_000_000UL + (ulong)index).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (index % 3 == 0)
                gasPrice.AppendNull();
            else
                gasPrice.Append(79228162514264337593543950335m - index);
            var listEntries = index % 3;
            listValid.Append(index % 3 != 2 || block % 2 == 0);
            for (var e = 0; e < listEntries; e++)
            {
                addresses.AddRange(Enumerable.Repeat((byte)(e + 1), 20));
                for (var k = 0; k < e + 1; k++, keyCount++)
                    keys.AddRange(TxHash(block + (ulong)k, e));
                keyOffsets.Append(keyCount);
                entries++;
            }
            listOffsets.Append(entries);
        }

        var storageKeys = new ListArray(StorageKeys, entries, keyOffsets.Build(),
            new FixedSizeBinaryArray(new ArrayData(Hash32, keyCount, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(keys.ToArray())])),
            ArrowBuffer.Empty, 0);
        var entryArray = new StructArray(AccessEntry, entries, [
            new FixedSizeBinaryArray(new ArrayData(Address, entries, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(addresses.ToArray())])),
            storageKeys,
        ], ArrowBuffer.Empty, 0);
        var listNulls = n - Enumerable.Range(0, n).Count(i => rows[i].Index % 3 != 2 || rows[i].Block % 2 == 0);
        var accessList = new ListArray(AccessList, n, listOffsets.Build(), entryArray, listValid.Build(), listNulls);
        var toNulls = rows.Count(r => r.Index % 4 == 3);

        return new RecordBatch(Schema, [
            blockNums.Build(), blockNums2.Build(), timestamps.Build(), txIndex.Build(), types.Build(), status.Build(),
            new FixedSizeBinaryArray(new ArrayData(Hash32, n, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(hashes)])),
            new FixedSizeBinaryArray(new ArrayData(Address, n, toNulls, 0, [toValid.Build(), new ArrowBuffer(to)])),
            input.Build(), value.Build(), gasPrice.Build(), accessList,
        ], n);
    }
}
