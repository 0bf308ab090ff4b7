using System.Data.Common;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Query.Flight;

/// <summary>
/// Builds one Arrow array from DuckDB values: top-level values through the reader's typed getters, values nested in
/// lists and structs from the objects DuckDB.NET returns for them. <see cref="Build"/> returns the array and starts a
/// new one.
/// </summary>
internal abstract class ArrowColumn
{
    public abstract IArrowType Type { get; }

    public abstract int Length { get; }

    public abstract void AppendNull();

    /// <summary>Appends the reader's non-null value at <paramref name="ordinal"/>.</summary>
    public virtual void Append(DbDataReader reader, int ordinal) => AppendObject(reader.GetValue(ordinal));

    /// <summary>Appends a non-null value as DuckDB.NET returns it.</summary>
    public abstract void AppendObject(object value);

    public abstract IArrowArray Build();

    public void AppendValue(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
            AppendNull();
        else
            Append(reader, ordinal);
    }

    public void AppendMaybe(object? value)
    {
        if (value is null or DBNull)
            AppendNull();
        else
            AppendObject(value);
    }

    /// <summary>A column of <paramref name="type"/>; <paramref name="name"/> is the result column's, for errors.</summary>
    public static ArrowColumn For(IArrowType type, string name = "a nested value") => type switch
    {
        UInt64Type => new PrimitiveColumn<ulong, UInt64Array, UInt64Array.Builder>(type, (r, i) => r.GetFieldValue<ulong>(i)),
        UInt32Type => new PrimitiveColumn<uint, UInt32Array, UInt32Array.Builder>(type, (r, i) => r.GetFieldValue<uint>(i)),
        UInt16Type => new PrimitiveColumn<ushort, UInt16Array, UInt16Array.Builder>(type, (r, i) => r.GetFieldValue<ushort>(i)),
        UInt8Type => new PrimitiveColumn<byte, UInt8Array, UInt8Array.Builder>(type, (r, i) => r.GetByte(i)),
        Int64Type => new PrimitiveColumn<long, Int64Array, Int64Array.Builder>(type, (r, i) => r.GetInt64(i)),
        Int32Type => new PrimitiveColumn<int, Int32Array, Int32Array.Builder>(type, (r, i) => r.GetInt32(i)),
        Int16Type => new PrimitiveColumn<short, Int16Array, Int16Array.Builder>(type, (r, i) => r.GetInt16(i)),
        Int8Type => new PrimitiveColumn<sbyte, Int8Array, Int8Array.Builder>(type, (r, i) => r.GetFieldValue<sbyte>(i)),
        DoubleType => new PrimitiveColumn<double, DoubleArray, DoubleArray.Builder>(type, (r, i) => r.GetDouble(i)),
        FloatType => new PrimitiveColumn<float, FloatArray, FloatArray.Builder>(type, (r, i) => r.GetFloat(i)),
        BooleanType => new BooleanColumn(),
        StringType => new StringColumn(),
        BinaryType => new BinaryColumn(),
        Decimal128Type d => new DecimalColumn(d),
        FixedSizeBinaryType width => new FixedSizeBinaryColumn(name, width.ByteWidth),
        TimestampType t => new TimestampColumn(t),
        Date32Type => new DateColumn(),
        ListType l => new ListColumn(l),
        StructType s => new StructColumn(s),
        _ => throw new NotSupportedException($"no Arrow column for {type.Name}"),
    };
}
