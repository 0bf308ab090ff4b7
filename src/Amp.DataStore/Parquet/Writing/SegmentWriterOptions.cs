namespace Amp.DataStore.Parquet.Writing;

/// <summary>How segment files are written: rotation, the row-group size that forces a flush, the zstd level.</summary>
public sealed record SegmentWriterOptions(RotationPolicy Rotation, long MaxRowGroupBytes, int ZstdLevel)
{
    /// <summary>Amp's defaults: 2 GiB files, 600 s flush interval, 512 MiB row groups, zstd level 1.</summary>
    public static SegmentWriterOptions Default { get; } = new(RotationPolicy.Default, 512L * 1024 * 1024, 1);
}
