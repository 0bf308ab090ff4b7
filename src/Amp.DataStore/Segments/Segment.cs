using Amp.DataStore.Ranges;

namespace Amp.DataStore.Segments;

/// <summary>
/// One registered file of a table revision: the blocks it covers, when it was written (<c>ParquetMeta.created_at</c>,
/// which decides between files that start at the same block), its id and name, and its size in bytes.
/// </summary>
public sealed record Segment(FileId Id, SegmentFileName FileName, BlockRange Range, DateTimeOffset CreatedAt, long SizeBytes)
{
    public ulong Start => Range.Start;

    public ulong End => Range.End;

    /// <summary>True when <paramref name="next"/> can follow this segment in a chain (see <see cref="BlockRange.Adjacent"/>).</summary>
    public bool Adjacent(Segment next) => Range.Adjacent(next.Range);
}
