namespace Amp.DataStore.Segments;

/// <summary>
/// A table's progress from its canonical chain (reference §5.12): the first block, the end of the contiguous prefix
/// (a gap left by a partition still running holds it back), and the number and total size of the canonical files.
/// A chain that begins after the dataset's start block counts as empty, as for queries.
/// </summary>
public sealed record TableProgress(ulong? StartBlock, ulong? CurrentBlock, int FilesCount, long TotalSizeBytes)
{
    public static TableProgress Empty { get; } = new(null, null, 0, 0);

    public static TableProgress Of(IEnumerable<Segment> segments, ulong? datasetStartBlock)
    {
        if (Chains.Of(segments) is not { } chains)
            return Empty;
        var canonical = chains.Canonical;
        if (datasetStartBlock is { } start && canonical[0].Start > start)
            return Empty;

        var current = canonical[0].End;
        for (var i = 1; i < canonical.Count && canonical[i].Start == current + 1; i++)
            current = canonical[i].End;

        return new TableProgress(canonical[0].Start, current, canonical.Count, canonical.Sum(s => s.SizeBytes));
    }
}
