using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Extraction.Evm.Rows.Columns;

/// <summary>A fixed-width numeric column (UInt64, UInt32, Int32, Timestamp as Int64) with optional nulls.</summary>
internal sealed class PrimitiveColumn<T>(IArrowType type) where T : struct
{
    private ArrowBuffer.Builder<T> _values = new();
    private ArrowBuffer.BitmapBuilder _validity = new();
    private int _nulls;

    public int Length => _values.Length;

    public void Append(T value)
    {
        _values.Append(value);
        _validity.Append(true);
    }

    public void Append(T? value)
    {
        if (value.HasValue)
            Append(value.Value);
        else
            AppendNull();
    }

    public void AppendNull()
    {
        _values.Append(default(T));
        _validity.Append(false);
        _nulls++;
    }

    public IArrowArray Build()
    {
        var length = _values.Length;
        var data = new ArrayData(type, length, _nulls, 0, [_nulls > 0 ? _validity.Build() : ArrowBuffer.Empty, _values.Build()]);
        _values = new ArrowBuffer.Builder<T>();
        _validity = new ArrowBuffer.BitmapBuilder();
        _nulls = 0;
        return ArrowArrayFactory.BuildArray(data);
    }
}
