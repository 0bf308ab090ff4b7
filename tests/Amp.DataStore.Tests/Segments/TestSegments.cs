using Amp.DataStore.Ranges;
using Amp.DataStore.Segments;

namespace Amp.DataStore.Tests.Segments;

/// <summary>Amp's test shapes from <c>segments.rs</c>: hash(n, fork) has n in byte 0 and the fork id in byte 31.</summary>
internal static class TestSegments
{
    public static BlockHash Hash(ulong number, byte fork)
    {
        var bytes = new byte[BlockHash.Size];
        bytes[0] = (byte)number;
        bytes[31] = fork;
        return BlockHash.FromBytes(bytes);
    }

    /// <summary>A range whose prev_hash is block start-1 on fork <paramref name="prevFork"/> and whose hash is its end on <paramref name="fork"/>.</summary>
    public static BlockRange Range(ulong start, ulong end, byte prevFork, byte fork, string network = "test") =>
        new(new BlockSpan(start, end), network, Hash(end, fork), start == 0 ? BlockHash.Zero : Hash(start - 1, prevFork), null);

    public static Segment Seg(ulong start, ulong end, (byte Prev, byte Own) fork, long createdAtMs, long sizeBytes = 0) =>
        new(new FileId(1), SegmentFileName.ForStart(start, 0), Range(start, end, fork.Prev, fork.Own),
            DateTimeOffset.FromUnixTimeMilliseconds(createdAtMs), sizeBytes);

    public static BlockSpan Span(ulong start, ulong end) => new(start, end);
}
