using System.Buffers.Binary;

namespace Amp.Extraction.Evm;

/// <summary>A 32-byte block hash held by value (equality without allocation); prints as <c>0x</c> + 64 hex digits.</summary>
public readonly record struct BlockHash(ulong A, ulong B, ulong C, ulong D)
{
    public static BlockHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
            throw new ArgumentException($"a block hash has 32 bytes, not {bytes.Length}", nameof(bytes));
        return new(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, A);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], D);
    }

    /// <summary>Parses <c>0x</c> + 64 hex digits.</summary>
    public static bool TryParse(string text, out BlockHash hash)
    {
        hash = default;
        if (text.Length != 66 || !text.StartsWith("0x", StringComparison.Ordinal))
            return false;
        Span<byte> bytes = stackalloc byte[32];
        if (Convert.FromHexString(text.AsSpan(2), bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            return false;
        hash = FromBytes(bytes);
        return true;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        CopyTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }
}
