using System.Data.Common;
using Amp.Query.Engine;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Amp.Query.Flight;

/// <summary>
/// Amp's FixedSizeBinary for a BLOB result column that is a table's FixedSizeBinary column (hashes, addresses):
/// DuckDB reads those as BLOB and drops the width, which the table's schema still has. A value of another length
/// (an expression named like such a column) fails the stream with a clear error.
/// </summary>
internal sealed class FixedSizeBinaryColumn(string name, int width) : ArrowColumn
{
    private readonly FixedSizeBinaryType _type = new(width);
    private ArrowBuffer.Builder<byte> _values = new();
    private ArrowBuffer.BitmapBuilder _validity = new();
    private int _nulls;

    public override IArrowType Type => _type;

    public override int Length => _validity.Length;

    public override void AppendNull()
    {
        _validity.Append(false);
        _nulls++;
        for (var i = 0; i < width; i++)
            _values.Append(0);
    }

    public override void Append(DbDataReader reader, int ordinal)
    {
        using var stream = reader.GetStream(ordinal);
        AppendObject(stream);
    }

    public override void AppendObject(object value)
    {
        Span<byte> bytes = stackalloc byte[width];
        switch (value)
        {
            case byte[] array when array.Length == width:
                array.CopyTo(bytes);
                break;
            case Stream stream when stream.Length == width:
                stream.ReadExactly(bytes);
                break;
            case byte[] or Stream:
                throw new QueryFailedException(new QueryError(QueryErrorCodes.ExecutionError,
                    $"column '{name}' is FixedSizeBinary({width}) in its table, but a result value has another length; name the expression differently",
                    QueryErrorKind.BadRequest), null);
            default:
                throw new InvalidCastException($"a BLOB value came as {value.GetType().Name}");
        }
        _validity.Append(true);
        _values.Append(bytes);
    }

    public override IArrowArray Build()
    {
        var length = _validity.Length;
        var data = new ArrayData(_type, length, _nulls, 0, [_nulls > 0 ? _validity.Build() : ArrowBuffer.Empty, _values.Build()]);
        _values = new ArrowBuffer.Builder<byte>();
        _validity = new ArrowBuffer.BitmapBuilder();
        _nulls = 0;
        return new FixedSizeBinaryArray(data);
    }
}
