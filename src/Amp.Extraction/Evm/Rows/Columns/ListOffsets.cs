using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Extraction.Evm.Rows.Columns;

/// <summary>The offsets and validity of a List column; the values live in the caller's child columns.</summary>
internal sealed class ListOffsets
{
    private ArrowBuffer.Builder<int> _offsets = new ArrowBuffer.Builder<int>().Append(0);
    private ArrowBuffer.BitmapBuilder _validity = new();
    private int _length;
    private int _nulls;

    /// <summary>Ends a list row whose values end at <paramref name="childLength"/>.</summary>
    public void Close(int childLength)
    {
        _offsets.Append(childLength);
        _validity.Append(true);
        _length++;
    }

    public void AppendNull(int childLength)
    {
        _offsets.Append(childLength);
        _validity.Append(false);
        _length++;
        _nulls++;
    }

    /// <summary>Ends a row: a list ending at <paramref name="childLength"/> when present, else null.</summary>
    public void End(bool present, int childLength)
    {
        if (present)
            Close(childLength);
        else
            AppendNull(childLength);
    }

    public ListArray Build(ListType type, IArrowArray values)
    {
        var array = new ListArray(type, _length, _offsets.Build(), values, _nulls > 0 ? _validity.Build() : ArrowBuffer.Empty, _nulls);
        _offsets = new ArrowBuffer.Builder<int>().Append(0);
        _validity = new ArrowBuffer.BitmapBuilder();
        _length = 0;
        _nulls = 0;
        return array;
    }
}
