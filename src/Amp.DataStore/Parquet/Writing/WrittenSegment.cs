using Amp.Core.Storage;
using Amp.DataStore.Segments;

namespace Amp.DataStore.Parquet.Writing;

/// <summary>
/// A closed, complete segment file under its final name: what a commit registers in <c>file_metadata</c> (name, size,
/// e-tag, the <see cref="ParquetMeta"/>) and <c>footer_cache</c> (<see cref="Footer"/>).
/// </summary>
public sealed record WrittenSegment(TableRevisionPath Location, SegmentFileName FileName, long SizeBytes, ParquetMeta Meta, byte[] Footer, ObjectInfo Object)
{
    /// <summary>The object path relative to the data directory.</summary>
    public string Path => Location.FileOf(FileName);
}
