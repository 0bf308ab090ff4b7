using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Amp.DataStore.Segments;

/// <summary>
/// The name of a segment file inside its revision directory. New names are Amp's
/// <c>{start:09}-{random u64:016x}.parquet</c> (<c>015000000-cce9bf788517474d.parquet</c>; past 999,999,999 the number
/// simply has more digits). Parsing accepts any plain <c>*.parquet</c> name so files written by other versions restore.
/// </summary>
public readonly record struct SegmentFileName
{
    private SegmentFileName(string value) => Value = value;

    public string Value { get; }

    /// <summary>A fresh name for a file whose first block is <paramref name="start"/>, with a random 64-bit suffix.</summary>
    public static SegmentFileName ForStart(ulong start)
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return ForStart(start, BinaryPrimitives.ReadUInt64LittleEndian(random));
    }

    public static SegmentFileName ForStart(ulong start, ulong suffix) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{start:D9}-{suffix:x16}.parquet"));

    public static bool TryParse(string? text, out SegmentFileName name, [NotNullWhen(false)] out string? error)
    {
        name = default;
        if (string.IsNullOrEmpty(text) || !text.EndsWith(".parquet", StringComparison.Ordinal) || text.Length == ".parquet".Length)
            error = $"segment file name '{text}' must end with '.parquet'";
        else if (text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal))
            error = $"segment file name '{text}' must not contain a path separator";
        else if (text.StartsWith('.'))
            error = $"segment file name '{text}' must not start with '.'";
        else
        {
            name = new SegmentFileName(text);
            error = null;
            return true;
        }
        return false;
    }

    public static SegmentFileName Parse(string text) =>
        TryParse(text, out var name, out var error) ? name : throw new FormatException(error);

    public override string ToString() => Value;
}
