using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Amp.Extraction.Evm.Rows.Columns;

/// <summary>
/// Builds a FixedSizeBinary or Decimal128 column in one growing buffer, without allocating per value (Arrow's own
/// builder allocates for every null). The buffer is handed to the built array, and a new one started.
/// </summary>
internal sealed class FixedColumn(FixedSizeBinaryType type)
{
    private const int InitialRows = 64;
    private readonly int _width = type.ByteWidth;
    private byte[] _values = new byte[InitialRows * type.ByteWidth];
    private ArrowBuffer.BitmapBuilder _validity = new();
    private int _length;
    private int _nulls;

    public int Length => _length;

    /// <summary>Space for one value, zeroed, to be filled by the caller; the value counts as present.</summary>
    public Span<byte> AppendSlot()
    {
        _validity.Append(true);
        return Next();
    }

    public void Append(ReadOnlySpan<byte> value) => value.CopyTo(AppendSlot());

    public void AppendNull()
    {
        _validity.Append(false);
        _nulls++;
        Next();
    }

    /// <summary>A Decimal128 value: 16 bytes, little-endian two's complement.</summary>
    public void AppendDecimal(Int128 value) =>
        System.Buffers.Binary.BinaryPrimitives.WriteInt128LittleEndian(AppendSlot(), value);

    private Span<byte> Next()
    {
        var at = _length * _width;
        if (at + _width > _values.Length)
            System.Array.Resize(ref _values, _values.Length * 2);
        _length++;
        var slot = _values.AsSpan(at, _width);
        slot.Clear();
        return slot;
    }

    public IArrowArray Build()
    {
        var data = new ArrayData(type, _length, _nulls, 0,
            [_nulls > 0 ? _validity.Build() : ArrowBuffer.Empty, new ArrowBuffer(_values.AsMemory(0, _length * _width))]);
        _values = new byte[Math.Max(InitialRows, _length) * _width];
        _validity = new ArrowBuffer.BitmapBuilder();
        _length = 0;
        _nulls = 0;
        return type is Decimal128Type ? new Decimal128Array(data) : new FixedSizeBinaryArray(data);
    }
}
