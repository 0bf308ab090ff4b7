using System.Collections;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Query.Flight;

internal sealed class ListColumn(ListType type) : ArrowColumn
{
    private readonly ArrowColumn _items = For(type.ValueDataType);
    private ArrowBuffer.Builder<int> _offsets = new ArrowBuffer.Builder<int>().Append(0);
    private ArrowBuffer.BitmapBuilder _valid = new();
    private int _nulls;

    public override IArrowType Type => type;

    public override int Length => _valid.Length;

    public override void AppendNull()
    {
        _offsets.Append(_items.Length);
        _valid.Append(false);
        _nulls++;
    }

    public override void AppendObject(object value)
    {
        foreach (var item in (IEnumerable)value)
            _items.AppendMaybe(item);
        _offsets.Append(_items.Length);
        _valid.Append(true);
    }

    public override IArrowArray Build()
    {
        var array = new ListArray(type, _valid.Length, _offsets.Build(), _items.Build(), _valid.Build(), _nulls);
        _offsets = new ArrowBuffer.Builder<int>().Append(0);
        _valid = new ArrowBuffer.BitmapBuilder();
        _nulls = 0;
        return array;
    }
}

internal sealed class StructColumn(StructType type) : ArrowColumn
{
    private readonly ArrowColumn[] _fields = type.Fields.Select(f => For(f.DataType)).ToArray();
    private ArrowBuffer.BitmapBuilder _valid = new();
    private int _nulls;

    public override IArrowType Type => type;

    public override int Length => _valid.Length;

    public override void AppendNull()
    {
        foreach (var field in _fields)
            field.AppendNull();
        _valid.Append(false);
        _nulls++;
    }

    public override void AppendObject(object value)
    {
        var members = (IDictionary<string, object?>)value;
        for (var i = 0; i < _fields.Length; i++)
            _fields[i].AppendMaybe(members.TryGetValue(type.Fields[i].Name, out var member) ? member : null);
        _valid.Append(true);
    }

    public override IArrowArray Build()
    {
        var array = new StructArray(type, _valid.Length, _fields.Select(f => f.Build()).ToList(), _valid.Build(), _nulls);
        _valid = new ArrowBuffer.BitmapBuilder();
        _nulls = 0;
        return array;
    }
}
