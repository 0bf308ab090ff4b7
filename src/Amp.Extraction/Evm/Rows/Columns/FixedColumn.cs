using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Amp.Extraction.Evm.Rows.Columns;

/// <summary>
/// Builds a FixedSizeBinary or Decimal128 column without allocating per value (Arrow's own builder
/// allocates for every null).
/// </summary>
internal sealed class FixedColumn(FixedSizeBinaryType type)
{
    private readonly int _width = type.ByteWidth;
    private ArrowBuffer.Builder<byte> _values = new();
    private ArrowBuffer.BitmapBuilder _validity = new();
    private int _length;
    private int _nulls;

    public int Length => _length;

    /// <summary>Space for one value, to be filled by the caller; the value counts as present.</summary>
    public Span<byte> AppendSlot()
    {
        var at = _values.Length;
        _values.Resize(at + _width);
        _validity.Append(true);
        _length++;
        var slot = _values.Span.Slice(at, _width);
        slot.Clear();
        return slot;
    }

    public void Append(ReadOnlySpan<byte> value) => value.CopyTo(AppendSlot());

    public void AppendNull()
    {
        _values.Resize(_values.Length + _width);
        _values.Span[^_width..].Clear();
        _validity.Append(false);
        _length++;
        _nulls++;
    }

    /// <summary>A Decimal128 value: 16 bytes, little-endian two's complement.</summary>
    public void AppendDecimal(Int128 value) =>
        System.Buffers.Binary.BinaryPrimitives.WriteInt128LittleEndian(AppendSlot(), value);

    public IArrowArray Build()
    {
        var data = new ArrayData(type, _length, _nulls, 0,
            [_nulls > 0 ? _validity.Build() : ArrowBuffer.Empty, _values.Build()]);
        _values = new ArrowBuffer.Builder<byte>();
        _validity = new ArrowBuffer.BitmapBuilder();
        _length = 0;
        _nulls = 0;
        return type is Decimal128Type ? new Decimal128Array(data) : new FixedSizeBinaryArray(data);
    }
}
