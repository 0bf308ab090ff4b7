using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Amp.Extraction.Evm.Rows;

/// <summary>
/// Reads JSON-RPC hex values straight from the UTF-8 of a <see cref="JsonElement"/>, without allocating:
/// quantities (<c>0x1a</c>, no leading zeros required) and data (<c>0x…</c>, two digits per byte).
/// Failures throw <see cref="FormatException"/> naming the field; the caller adds the block.
/// </summary>
internal static class HexField
{
    /// <summary>The property's value when present and not JSON null.</summary>
    public static bool TryGet(JsonElement obj, ReadOnlySpan<byte> name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static JsonElement Require(JsonElement obj, ReadOnlySpan<byte> name) =>
        TryGet(obj, name, out var value) ? value : throw Missing(name);

    /// <summary>A field read by a <see cref="FieldSet"/>: present and not JSON null.</summary>
    public static bool Present(JsonElement field) => field.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>A field read by a <see cref="FieldSet"/>, which must be present.</summary>
    public static JsonElement Required(JsonElement field, ReadOnlySpan<byte> name) => Present(field) ? field : throw Missing(name);

    private static FormatException Missing(ReadOnlySpan<byte> name) => new($"field '{System.Text.Encoding.UTF8.GetString(name)}' is missing");

    /// <summary>The hex digits after <c>0x</c>.</summary>
    public static ReadOnlySpan<byte> Digits(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw new FormatException($"expected a hex string, found {value.ValueKind}");
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var text = raw[1..^1];
        if (text.Length < 2 || text[0] != (byte)'0' || (text[1] | 0x20) != (byte)'x')
            throw new FormatException($"'{value}' does not start with 0x");
        return text[2..];
    }

    public static ulong Quantity(JsonElement obj, ReadOnlySpan<byte> name) => QuantityOf(Require(obj, name), name);

    /// <summary>A quantity already looked up; <paramref name="name"/> is for the error message.</summary>
    public static ulong QuantityOf(JsonElement value, ReadOnlySpan<byte> name)
    {
        var digits = TrimZeros(Digits(value));
        if (digits.Length > 16)
            throw new FormatException($"field '{System.Text.Encoding.UTF8.GetString(name)}' does not fit in 64 bits");
        ulong result = 0;
        foreach (var d in digits)
            result = (result << 4) | Nibble(d);
        return result;
    }

    /// <summary>A quantity read by a <see cref="FieldSet"/>, which must be present.</summary>
    public static ulong RequiredQuantity(JsonElement field, ReadOnlySpan<byte> name) => QuantityOf(Required(field, name), name);

    public static ulong? OptionalQuantity(JsonElement obj, ReadOnlySpan<byte> name) =>
        TryGet(obj, name, out var value) ? QuantityOf(value, name) : null;

    /// <summary>A quantity of up to 256 bits, as big-endian bytes left-padded to <paramref name="destination"/>'s length.</summary>
    public static void QuantityBigEndian(JsonElement value, Span<byte> destination)
    {
        var digits = TrimZeros(Digits(value));
        if (digits.Length > destination.Length * 2)
            throw new FormatException($"'{value}' does not fit in {destination.Length} bytes");
        var at = destination.Length * 2 - digits.Length;
        destination[..((at + 1) / 2)].Clear();
        if ((at & 1) == 1)
        {
            // An odd number of digits: the first is the low half of its byte.
            destination[at / 2] = (byte)Nibble(digits[0]);
            digits = digits[1..];
            at++;
        }
        Decode(digits, destination[(at / 2)..]);
    }

    /// <summary>A quantity that must fit in Decimal128(38,0), i.e. in i128.</summary>
    public static Int128 Amount(JsonElement value)
    {
        var digits = TrimZeros(Digits(value));
        if (digits.Length > 32)
            throw new FormatException($"amount {value} does not fit in Decimal128(38,0)");
        UInt128 result = 0;
        foreach (var d in digits)
            result = (result << 4) | Nibble(d);
        if (result > (UInt128)Int128.MaxValue)
            throw new FormatException($"amount {value} does not fit in Decimal128(38,0)");
        return (Int128)result;
    }

    /// <summary>Writes a 256-bit quantity as a decimal string into <paramref name="destination"/> (≥ 78 bytes).</summary>
    public static int DecimalString(JsonElement value, Span<byte> destination)
    {
        var digits = TrimZeros(Digits(value));
        if (digits.Length > 64)
            throw new FormatException($"value {value} is wider than 256 bits");
        int written;
        if (digits.Length <= 32)
        {
            UInt128 small = 0;
            foreach (var d in digits)
                small = (small << 4) | Nibble(d);
            small.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
            return written;
        }
        var big = BigInteger.Parse("0" + System.Text.Encoding.ASCII.GetString(digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return System.Text.Encoding.ASCII.GetBytes(big.ToString(CultureInfo.InvariantCulture), destination);
    }

    /// <summary>Exactly <paramref name="destination"/>.Length bytes of data (hashes, addresses).</summary>
    public static void FixedBytes(JsonElement value, Span<byte> destination)
    {
        var digits = Digits(value);
        if (digits.Length != destination.Length * 2)
            throw new FormatException($"'{value}' is not {destination.Length} bytes");
        Decode(digits, destination);
    }

    /// <summary>Variable-length data; <paramref name="scratch"/> grows when needed and is kept for the next call.</summary>
    public static ReadOnlySpan<byte> Bytes(JsonElement value, ref byte[] scratch)
    {
        var digits = Digits(value);
        if ((digits.Length & 1) != 0)
            throw new FormatException("hex data with an odd number of digits");
        var length = digits.Length / 2;
        if (scratch.Length < length)
            scratch = new byte[Math.Max(length, scratch.Length * 2)];
        var destination = scratch.AsSpan(0, length);
        Decode(digits, destination);
        return destination;
    }

    /// <summary>Two digits per byte, vectorised (<see cref="Convert.FromHexString(ReadOnlySpan{byte}, Span{byte}, out int, out int)"/>).</summary>
    private static void Decode(ReadOnlySpan<byte> digits, Span<byte> destination)
    {
        if (Convert.FromHexString(digits, destination, out _, out var written) != System.Buffers.OperationStatus.Done || written != destination.Length)
            throw new FormatException($"'{System.Text.Encoding.UTF8.GetString(digits)}' is not hex data");
    }

    private static ReadOnlySpan<byte> TrimZeros(ReadOnlySpan<byte> digits)
    {
        var i = 0;
        while (i < digits.Length && digits[i] == (byte)'0')
            i++;
        return digits[i..];
    }

    // The value of each byte as a hex digit; 0xFF for bytes that are not one.
    private static readonly byte[] Nibbles = Enumerable.Range(0, 256).Select(c => c switch
    {
        >= '0' and <= '9' => (byte)(c - '0'),
        >= 'a' and <= 'f' => (byte)(c - 'a' + 10),
        >= 'A' and <= 'F' => (byte)(c - 'A' + 10),
        _ => (byte)0xFF,
    }).ToArray();

    private static uint Nibble(byte c)
    {
        var value = Nibbles[c];
        return value != 0xFF ? value : throw NotHex(c);
    }

    private static FormatException NotHex(byte c) => new($"'{(char)c}' is not a hex digit");
}
