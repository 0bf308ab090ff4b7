using Amp.DataStore.Ranges;
using Amp.DataStore.Segments;

namespace Amp.DataStore.Parquet;

/// <summary>
/// What a segment file says about itself (Amp's <c>ParquetMeta</c>): the table, its own file name, when it was written,
/// the block ranges it covers (one per network; extraction writes exactly one) and, for multi-network files only,
/// a watermark. Stored in the footer under <c>nozzle_metadata</c> and in <c>file_metadata.metadata</c>.
/// </summary>
public sealed record ParquetMeta(string Table, SegmentFileName FileName, UnixTime CreatedAt, IReadOnlyList<BlockRange> Ranges, ulong? Watermark)
{
    /// <summary>The footer key of the JSON form of this record.</summary>
    public const string FooterKey = "nozzle_metadata";

    /// <summary>The footer key of the parent file ids (<c>[]</c> for extraction).</summary>
    public const string ParentFileIdsKey = "parent_file_ids";

    /// <summary>The footer key of the compaction generation (<c>0</c> for extraction).</summary>
    public const string GenerationKey = "generation";

    /// <summary>The segment this file is once registered as <paramref name="id"/>; single-network files only.</summary>
    public Segment ToSegment(FileId id, long sizeBytes)
    {
        if (Ranges.Count != 1)
            throw new InvalidOperationException($"file {FileName} covers {Ranges.Count} networks; segments of raw tables cover exactly one");
        return new Segment(id, FileName, Ranges[0], CreatedAt.ToDateTimeOffset(), sizeBytes);
    }
}
