using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Arrays;

namespace Amp.Extraction.Tests.Rows;

/// <summary>Reads single values back out of Arrow batches for assertions.</summary>
internal static class Columns
{
    public static IArrowArray Of(RecordBatch batch, string name) => batch.Column(batch.Schema.GetFieldIndex(name));

    public static ulong? U64(RecordBatch b, string name, int row) => ((UInt64Array)Of(b, name)).GetValue(row);

    public static uint? U32(RecordBatch b, string name, int row) => ((UInt32Array)Of(b, name)).GetValue(row);

    public static int? I32(RecordBatch b, string name, int row) => ((Int32Array)Of(b, name)).GetValue(row);

    public static bool? Bool(RecordBatch b, string name, int row) => ((BooleanArray)Of(b, name)).GetValue(row);

    public static string? Str(RecordBatch b, string name, int row) => ((StringArray)Of(b, name)).GetString(row);

    public static long? Nanos(RecordBatch b, string name, int row) => ((TimestampArray)Of(b, name)).GetValue(row);

    /// <summary>Lowercase hex without 0x, or null.</summary>
    public static string? Hex(RecordBatch b, string name, int row)
    {
        var array = Of(b, name);
        if (array.IsNull(row))
            return null;
        return array switch
        {
            BinaryArray bin => Convert.ToHexStringLower(bin.GetBytes(row)),
            FixedSizeBinaryArray fixedBytes => Convert.ToHexStringLower(fixedBytes.GetBytes(row)),
            _ => throw new InvalidOperationException($"{name} is {array.GetType().Name}"),
        };
    }

    public static Int128? Dec(RecordBatch b, string name, int row)
    {
        var array = (Decimal128Array)Of(b, name);
        return array.IsNull(row) ? null : BinaryPrimitives.ReadInt128LittleEndian(array.GetBytes(row));
    }

    public static bool IsNull(RecordBatch b, string name, int row) => Of(b, name).IsNull(row);

    public static int ListLength(RecordBatch b, string name, int row) => ((ListArray)Of(b, name)).GetValueLength(row);
}
