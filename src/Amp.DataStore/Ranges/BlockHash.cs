using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Amp.DataStore.Ranges;

/// <summary>
/// A 32-byte block hash, held as four big-endian words so equality is four compares and no allocation.
/// Text form is Amp's (alloy's): <c>0x</c> and 64 lowercase hex digits. The one block hash type: the RPC side's block
/// rows (<c>Amp.Extraction</c>) carry it straight into block ranges, segments and the footer's <c>nozzle_metadata</c>.
/// </summary>
public readonly struct BlockHash : IEquatable<BlockHash>
{
    public const int Size = 32;

    private readonly ulong _w0, _w1, _w2, _w3;

    private BlockHash(ulong w0, ulong w1, ulong w2, ulong w3) => (_w0, _w1, _w2, _w3) = (w0, w1, w2, w3);

    /// <summary>The all-zero hash: the <c>prev_hash</c> of a range that starts at genesis.</summary>
    public static BlockHash Zero => default;

    public static BlockHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new ArgumentException($"a block hash has {Size} bytes, got {bytes.Length}", nameof(bytes));
        return new BlockHash(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses 64 hex digits, with or without <c>0x</c>, in either case (as serde for alloy's B256 accepts).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out BlockHash hash, [NotNullWhen(false)] out string? error)
    {
        hash = default;
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length != Size * 2)
        {
            error = $"a block hash has {Size * 2} hex digits, got {digits.Length} in '{text}'";
            return false;
        }
        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(digits, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            error = $"'{text}' is not hexadecimal";
            return false;
        }
        hash = FromBytes(bytes);
        error = null;
        return true;
    }

    public static BlockHash Parse(string text) =>
        TryParse(text, out var hash, out var error) ? hash : throw new FormatException(error);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    public bool Equals(BlockHash other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    public override bool Equals(object? obj) => obj is BlockHash other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    public static bool operator ==(BlockHash left, BlockHash right) => left.Equals(right);

    public static bool operator !=(BlockHash left, BlockHash right) => !left.Equals(right);
}
