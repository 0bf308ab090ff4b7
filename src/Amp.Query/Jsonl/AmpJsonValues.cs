using System.Buffers;
using System.Collections;
using System.Numerics;
using System.Text.Json;

namespace Amp.Query.Jsonl;

/// <summary>
/// Amp's JSON encoding of single values (arrow-json, as in Amp's <c>sql-tests.yaml</c>): integers and decimals as
/// numbers, binary as lowercase hex without <c>0x</c>, timestamps as RFC 3339 (<c>Z</c> when the type has a zone),
/// lists as arrays, structs as objects (null fields left out).
/// </summary>
internal static class AmpJsonValues
{
    public static void WriteHex(Utf8JsonWriter writer, ReadOnlySpan<byte> bytes)
    {
        var length = bytes.Length * 2;
        char[]? rented = null;
        var chars = length <= 512 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length)).AsSpan(0, length);
        Convert.TryToHexStringLower(bytes, chars, out _);
        writer.WriteStringValue(chars);
        if (rented is not null)
            ArrayPool<char>.Shared.Return(rented);
    }

    public static void WriteHex(Utf8JsonWriter writer, Stream stream)
    {
        var length = checked((int)stream.Length);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            stream.ReadExactly(rented, 0, length);
            WriteHex(writer, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static void WriteBigInteger(Utf8JsonWriter writer, BigInteger value)
    {
        Span<char> digits = stackalloc char[48];
        if (value.TryFormat(digits, out var written, default, System.Globalization.CultureInfo.InvariantCulture))
            writer.WriteRawValue(digits[..written], skipInputValidation: true);
        else
            writer.WriteRawValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture), skipInputValidation: true);
    }

    /// <summary><c>2022-06-21T02:28:20Z</c>; fractions as milli-, micro- or full 100 ns digits, as chrono's AutoSi.</summary>
    public static void WriteTimestamp(Utf8JsonWriter writer, DateTime value, bool utc)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var fraction = value.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            string format = fraction % TimeSpan.TicksPerMillisecond == 0 ? "'.'fff" : fraction % 10 == 0 ? "'.'ffffff" : "'.'fffffff";
            value.TryFormat(text[length..], out var more, format, System.Globalization.CultureInfo.InvariantCulture);
            length += more;
            if (format.Length == 10)
            {
                "00".CopyTo(text[length..]);
                length += 2;
            }
        }
        if (utc)
            text[length++] = 'Z';
        writer.WriteStringValue(text[..length]);
    }

    /// <summary>Any value DuckDB.NET returns, nested ones included (lists, structs); used off the typed fast path.</summary>
    public static void WriteObject(Utf8JsonWriter writer, object? value, bool utcTimestamps)
    {
        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case uint ui:
                writer.WriteNumberValue(ui);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case ushort or short or byte or sbyte:
                writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case float f:
                writer.WriteNumberValue(f);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case BigInteger big:
                WriteBigInteger(writer, big);
                break;
            case byte[] bytes:
                WriteHex(writer, bytes);
                break;
            case Stream stream:
                WriteHex(writer, stream);
                break;
            case DateTime dt:
                WriteTimestamp(writer, dt, utcTimestamps);
                break;
            case DateTimeOffset dto:
                WriteTimestamp(writer, dto.UtcDateTime, utc: true);
                break;
            case DateOnly date:
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case IDictionary<string, object?> fields:
                writer.WriteStartObject();
                foreach (var (name, field) in fields)
                {
                    if (field is null or DBNull)
                        continue;
                    writer.WritePropertyName(name);
                    WriteObject(writer, field, utcTimestamps);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                    WriteObject(writer, item, utcTimestamps);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
