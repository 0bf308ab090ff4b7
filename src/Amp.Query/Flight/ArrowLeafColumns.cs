using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Amp.Query.Flight;

internal sealed class PrimitiveColumn<T, TArray, TBuilder>(IArrowType type, Func<DbDataReader, int, T> read) : ArrowColumn
    where T : struct
    where TArray : IArrowArray
    where TBuilder : PrimitiveArrayBuilder<T, TArray, TBuilder>, new()
{
    private TBuilder _builder = new();

    public override IArrowType Type => type;

    public override int Length => _builder.Length;

    public override void AppendNull() => _builder.AppendNull();

    public override void Append(DbDataReader reader, int ordinal) => _builder.Append(read(reader, ordinal));

    public override void AppendObject(object value) => _builder.Append((T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture));

    public override IArrowArray Build()
    {
        var array = _builder.Build();
        _builder = new TBuilder();
        return array;
    }
}

internal sealed class BooleanColumn : ArrowColumn
{
    private BooleanArray.Builder _builder = new();

    public override IArrowType Type => BooleanType.Default;

    public override int Length => _builder.Length;

    public override void AppendNull() => _builder.AppendNull();

    public override void Append(DbDataReader reader, int ordinal) => _builder.Append(reader.GetBoolean(ordinal));

    public override void AppendObject(object value) => _builder.Append((bool)value);

    public override IArrowArray Build()
    {
        var array = _builder.Build();
        _builder = new BooleanArray.Builder();
        return array;
    }
}

internal sealed class StringColumn : ArrowColumn
{
    private StringArray.Builder _builder = new();

    public override IArrowType Type => StringType.Default;

    public override int Length => _builder.Length;

    public override void AppendNull() => _builder.AppendNull();

    public override void Append(DbDataReader reader, int ordinal) =>
        _builder.Append(reader.GetFieldType(ordinal) == typeof(string) ? reader.GetString(ordinal) : Text(reader.GetValue(ordinal)));

    public override void AppendObject(object value) => _builder.Append(Text(value));

    public override IArrowArray Build()
    {
        var array = _builder.Build();
        _builder = new StringArray.Builder();
        return array;
    }

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}

internal sealed class BinaryColumn : ArrowColumn
{
    private BinaryArray.Builder _builder = new();

    public override IArrowType Type => BinaryType.Default;

    public override int Length => _builder.Length;

    public override void AppendNull() => _builder.AppendNull();

    public override void Append(DbDataReader reader, int ordinal)
    {
        using var stream = reader.GetStream(ordinal);
        AppendObject(stream);
    }

    public override void AppendObject(object value)
    {
        switch (value)
        {
            case byte[] bytes:
                _builder.Append(bytes.AsSpan());
                break;
            case Stream stream:
                var length = checked((int)stream.Length);
                Span<byte> small = length <= 256 ? stackalloc byte[length] : new byte[length];
                stream.ReadExactly(small);
                _builder.Append(small);
                break;
            default:
                throw new InvalidCastException($"a BLOB value came as {value.GetType().Name}");
        }
    }

    public override IArrowArray Build()
    {
        var array = _builder.Build();
        _builder = new BinaryArray.Builder();
        return array;
    }
}

/// <summary>Decimal128 from System.Decimal, or from BigInteger for values past its range (and HUGEINT).</summary>
internal sealed class DecimalColumn(Decimal128Type type) : ArrowColumn
{
    private readonly List<byte> _values = [];
    private ArrowBuffer.BitmapBuilder _valid = new();
    private int _nulls;

    public override IArrowType Type => type;

    public override int Length => _valid.Length;

    public override void AppendNull()
    {
        _values.AddRange(new byte[16]);
        _valid.Append(false);
        _nulls++;
    }

    public override void Append(DbDataReader reader, int ordinal)
    {
        if (reader.GetFieldType(ordinal) == typeof(BigInteger))
        {
            AppendUnscaled(reader.GetFieldValue<BigInteger>(ordinal));
            return;
        }
        try
        {
            AppendObject(reader.GetDecimal(ordinal));
        }
        catch (OverflowException)
        {
            AppendUnscaled(reader.GetFieldValue<BigInteger>(ordinal) * BigInteger.Pow(10, type.Scale));
        }
    }

    public override void AppendObject(object value)
    {
        switch (value)
        {
            case decimal d:
                var bits = decimal.GetBits(d);
                var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
                if (d < 0)
                    mantissa = -mantissa;
                var scale = (bits[3] >> 16) & 0xff;
                AppendUnscaled(scale <= type.Scale ? mantissa * BigInteger.Pow(10, type.Scale - scale) : mantissa / BigInteger.Pow(10, scale - type.Scale));
                break;
            case BigInteger big:
                AppendUnscaled(big * BigInteger.Pow(10, type.Scale));
                break;
            default:
                AppendObject(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public override IArrowArray Build()
    {
        var length = _valid.Length;
        var array = new Decimal128Array(new ArrayData(type, length, _nulls, 0, [_valid.Build(), new ArrowBuffer(_values.ToArray())]));
        _values.Clear();
        _valid = new ArrowBuffer.BitmapBuilder();
        _nulls = 0;
        return array;
    }

    private void AppendUnscaled(BigInteger unscaled)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Fill(unscaled.Sign < 0 ? (byte)0xff : (byte)0);
        unscaled.TryWriteBytes(bytes, out _, isUnsigned: false, isBigEndian: false);
        foreach (var b in bytes)
            _values.Add(b);
        _valid.Append(true);
    }
}

internal sealed class TimestampColumn(TimestampType type) : ArrowColumn
{
    private TimestampArray.Builder _builder = new(type);

    public override IArrowType Type => type;

    public override int Length => _builder.Length;

    public override void AppendNull() => _builder.AppendNull();

    public override void Append(DbDataReader reader, int ordinal) =>
        _builder.Append(new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc)));

    public override void AppendObject(object value) => _builder.Append(value switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"a timestamp came as {value.GetType().Name}"),
    });

    public override IArrowArray Build()
    {
        var array = _builder.Build();
        _builder = new TimestampArray.Builder(type);
        return array;
    }
}

internal sealed class DateColumn : ArrowColumn
{
    private Date32Array.Builder _builder = new();

    public override IArrowType Type => Date32Type.Default;

    public override int Length => _builder.Length;

    public override void AppendNull() => _builder.AppendNull();

    public override void AppendObject(object value) => _builder.Append(value switch
    {
        DateOnly date => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        DateTime time => time,
        _ => throw new InvalidCastException($"a date came as {value.GetType().Name}"),
    });

    public override IArrowArray Build()
    {
        var array = _builder.Build();
        _builder = new Date32Array.Builder();
        return array;
    }
}
