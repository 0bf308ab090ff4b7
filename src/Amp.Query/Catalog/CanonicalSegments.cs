using Amp.DataStore.Segments;

namespace Amp.Query.Catalog;

/// <summary>
/// What a catalog hands the engine for a table: the canonical chain of its active revision's segments (reference
/// §5.10, the same <see cref="Chains"/> the extraction repairs against), or nothing when the chain begins after the
/// dataset's start block, so the table reads as empty, as in Amp.
/// </summary>
public static class CanonicalSegments
{
    public static IReadOnlyList<Segment> Of(IEnumerable<Segment> segments, ulong? datasetStartBlock)
    {
        if (Chains.Of(segments) is not { } chains)
            return [];
        if (datasetStartBlock is { } start && chains.Canonical[0].Start > start)
            return [];
        return chains.Canonical;
    }
}
