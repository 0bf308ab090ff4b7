using Amp.DataStore.Ranges;

namespace Amp.DataStore.Parquet.Writing;

/// <summary>Why a block does not go into the open file (reference §5.7).</summary>
public enum RotationReason
{
    /// <summary>The block goes into the open file.</summary>
    None,

    /// <summary>The block is past the end of the file's 1,000,000-block chunk: close the file and move to the next chunk.</summary>
    PastChunk,

    /// <summary>The block's prev_hash is not the hash of the file's last block (a reorg inside the stream): split.</summary>
    Reorg,

    /// <summary>The file reached the size limit: split.</summary>
    Size,

    /// <summary>The file has rows and has been open for the flush interval: split.</summary>
    FlushInterval,
}

/// <summary>What the rotation policy needs to know about the open file.</summary>
public readonly record struct OpenFileState(BlockSpan Chunk, BlockRange? Covered, long Bytes, long Rows, DateTimeOffset OpenedAt);

/// <summary>
/// When a table writer starts a new file, as a pure decision: past the chunk, a prev_hash that does not link, the size
/// limit (Amp's <c>writer.bytes</c>, 2 GiB) or the flush interval (<c>segment_flush_interval_secs</c>, 600 s) with at least one row.
/// </summary>
public sealed record RotationPolicy
{
    public const long DefaultMaxFileBytes = 2L * 1024 * 1024 * 1024;

    public RotationPolicy(long maxFileBytes, TimeSpan flushInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(flushInterval, TimeSpan.Zero);
        MaxFileBytes = maxFileBytes;
        FlushInterval = flushInterval;
    }

    public static RotationPolicy Default { get; } = new(DefaultMaxFileBytes, TimeSpan.FromSeconds(600));

    public long MaxFileBytes { get; }

    public TimeSpan FlushInterval { get; }

    public RotationReason Decide(OpenFileState file, BlockRange next, DateTimeOffset now)
    {
        if (next.Start > file.Chunk.End)
            return RotationReason.PastChunk;
        if (file.Covered is null)
            return RotationReason.None;
        if (file.Covered.Hash != next.PrevHash)
            return RotationReason.Reorg;
        if (file.Bytes >= MaxFileBytes)
            return RotationReason.Size;
        if (file.Rows >= 1 && now - file.OpenedAt >= FlushInterval)
            return RotationReason.FlushInterval;
        return RotationReason.None;
    }
}
