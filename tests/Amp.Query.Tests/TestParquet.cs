using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;
using ParquetSharp;
using ParquetSharp.Arrow;
using Amp.DataStore.Tests.Parquet;

namespace Amp.Query.Tests;

/// <summary>
/// Parquet files with Amp's raw-table types (UInt64, UInt32, Int32, Boolean, FixedSizeBinary(20/32), Binary, Utf8,
/// Decimal128(38,0), Timestamp(ns, "+00:00"), List&lt;Struct&lt;FSB20, List&lt;FSB32&gt;&gt;&gt;), written as Amp writes them
/// (ParquetSharp's Arrow writer with the stored Arrow schema and <c>item</c> list naming).
/// </summary>
internal static class TestParquet
{
    private static readonly FixedSizeBinaryType Address = TestTables.Address;
    private static readonly FixedSizeBinaryType Hash32 = TestTables.Hash32;
    private static readonly TimestampType Timestamp = TestTables.Timestamp;
    private static readonly Decimal128Type Currency = TestTables.Currency;
    private static readonly ListType StorageKeys = TestTables.StorageKeys;
    private static readonly StructType AccessEntry = TestTables.AccessEntry;
    private static readonly ListType AccessList = TestTables.AccessList;

    public static readonly Schema Schema = new([
        new Field("_block_num", UInt64Type.Default, false),
        new Field("block_num", UInt64Type.Default, false),
        new Field("timestamp", Timestamp, false),
        new Field("tx_index", UInt32Type.Default, false),
        new Field("type", Int32Type.Default, false),
        new Field("status", BooleanType.Default, false),
        new Field("hash", Hash32, false),
        new Field("to", Address, true),
        new Field("input", BinaryType.Default, false),
        new Field("value", StringType.Default, false),
        new Field("difficulty", Currency, false),
        new Field("gas_price", Currency, true),
        new Field("access_list", AccessList, true),
    ], null);

    /// <summary>The largest Decimal128(38,0) value: past System.Decimal's range.</summary>
    public static readonly BigInteger MaxCurrency = BigInteger.Pow(10, 38) - 1;

    /// <summary>Writes one row per block in [first, last]; <paramref name="fork"/> changes the hashes (a different chain).</summary>
    public static string Write(string directory, string fileName, ulong first, ulong last, byte fork = 0)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        using var properties = new WriterPropertiesBuilder().Compression(Compression.Zstd).Build();
        using var arrowProperties = new ArrowWriterPropertiesBuilder().StoreSchema().DisableCompliantNestedTypes().Build();
        using var writer = new FileWriter(path, Schema, properties, arrowProperties);
        writer.WriteRecordBatch(Batch(first, last, fork));
        writer.Close();
        return path;
    }

    public static byte[] HashOf(ulong block, byte fork)
    {
        var bytes = new byte[32];
        bytes[0] = 0xab;
        BitConverter.GetBytes(block).CopyTo(bytes, 8);
        bytes[31] = fork;
        return bytes;
    }

    private static RecordBatch Batch(ulong first, ulong last, byte fork)
    {
        var n = checked((int)(last - first + 1));
        var blocks = new UInt64Array.Builder();
        var blocks2 = new UInt64Array.Builder();
        var timestamps = new TimestampArray.Builder(Timestamp);
        var txIndex = new UInt32Array.Builder();
        var types = new Int32Array.Builder();
        var status = new BooleanArray.Builder();
        var input = new BinaryArray.Builder();
        var value = new StringArray.Builder();
        var hashes = new byte[n * 32];
        var to = new byte[n * 20];
        var toValid = new ArrowBuffer.BitmapBuilder();
        var difficulty = new byte[n * 16];
        var gasPrice = new byte[n * 16];
        var gasValid = new ArrowBuffer.BitmapBuilder();
        var listOffsets = new ArrowBuffer.Builder<int>().Append(0);
        var listValid = new ArrowBuffer.BitmapBuilder();
        var addresses = new List<byte>();
        var keyOffsets = new ArrowBuffer.Builder<int>().Append(0);
        var keys = new List<byte>();
        int entries = 0, keyCount = 0, toNulls = 0, gasNulls = 0, listNulls = 0;
        for (var r = 0; r < n; r++)
        {
            var block = first + (ulong)r;
            blocks.Append(block);
            blocks2.Append(block);
            timestamps.Append(DateTimeOffset.FromUnixTimeSeconds(1_655_778_500 + 12 * (long)block));
            txIndex.Append(uint.MaxValue - (uint)r);
            types.Append(r % 2 == 0 ? 2 : -1);
            status.Append(r % 2 == 0);
            HashOf(block, fork).CopyTo(hashes, r * 32);
            toValid.Append(r % 2 == 0);
            toNulls += r % 2 == 0 ? 0 : 1;
            to[r * 20] = 0xde;
            to[r * 20 + 19] = (byte)block;
            input.Append(Enumerable.Range(0, r % 3).Select(i => (byte)(0x0a + i)).ToArray().AsSpan());
            value.Append("1755746164921524" + block);
            WriteDecimal(MaxCurrency - block, difficulty.AsSpan(r * 16, 16));
            gasValid.Append(r % 3 != 0);
            gasNulls += r % 3 != 0 ? 0 : 1;
            WriteDecimal(28_737_648_399 + block, gasPrice.AsSpan(r * 16, 16));
            listValid.Append(r % 4 != 3);
            listNulls += r % 4 != 3 ? 0 : 1;
            var listEntries = r % 4 == 3 ? 0 : r % 3;
            for (var e = 0; e < listEntries; e++)
            {
                addresses.AddRange(Enumerable.Repeat((byte)(e + 1), 20));
                for (var k = 0; k <= e; k++, keyCount++)
                    keys.AddRange(HashOf(block + (ulong)k, (byte)e));
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
        return new RecordBatch(Schema, [
            blocks.Build(), blocks2.Build(), timestamps.Build(), txIndex.Build(), types.Build(), status.Build(),
            new FixedSizeBinaryArray(new ArrayData(Hash32, n, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(hashes)])),
            new FixedSizeBinaryArray(new ArrayData(Address, n, toNulls, 0, [toValid.Build(), new ArrowBuffer(to)])),
            input.Build(), value.Build(),
            new Decimal128Array(new ArrayData(Currency, n, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(difficulty)])),
            new Decimal128Array(new ArrayData(Currency, n, gasNulls, 0, [gasValid.Build(), new ArrowBuffer(gasPrice)])),
            new ListArray(AccessList, n, listOffsets.Build(), entryArray, listValid.Build(), listNulls),
        ], n);
    }

    private static void WriteDecimal(BigInteger value, Span<byte> destination)
    {
        destination.Fill(value.Sign < 0 ? (byte)0xff : (byte)0);
        value.TryWriteBytes(destination, out _, isUnsigned: false, isBigEndian: false);
    }
}
