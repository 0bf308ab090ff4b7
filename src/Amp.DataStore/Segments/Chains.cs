using Amp.DataStore.Ranges;

namespace Amp.DataStore.Segments;

/// <summary>
/// The canonical chain of a table's segments and, when one exists, the fork that reaches past it (Amp's
/// <c>segments.rs</c>, reference §5.10). The result does not depend on the order of the input.
/// </summary>
public sealed class Chains
{
    private Chains(IReadOnlyList<Segment> canonical, IReadOnlyList<Segment>? fork)
    {
        Canonical = canonical;
        Fork = fork;
    }

    /// <summary>Hash-linked segments from the earliest start, newest file first where several start at one block.</summary>
    public IReadOnlyList<Segment> Canonical { get; }

    /// <summary>Non-canonical, hash-linked segments that end past the canonical end and begin at most one block after it.</summary>
    public IReadOnlyList<Segment>? Fork { get; }

    /// <summary>
    /// The blocks to extract again because of the fork: from the start of the canonical segment that holds the block
    /// before the fork, up to that block. One pass walks back one segment; null when there is no fork.
    /// </summary>
    public BlockSpan? ReorgRange
    {
        get
        {
            if (Fork is null)
                return null;
            var forkStart = Fork[0].Start;
            var reorgBlock = forkStart == 0 ? 0 : forkStart - 1;
            for (var i = Canonical.Count - 1; i >= 0; i--)
            {
                if (Canonical[i].Range.Numbers.Contains(reorgBlock))
                    return new BlockSpan(Canonical[i].Start, reorgBlock);
            }
            return null;
        }
    }

    /// <summary>The canonical chain and fork of the segments, or null when there are none.</summary>
    public static Chains? Of(IEnumerable<Segment> segments)
    {
        var ordered = segments
            .OrderBy(s => s.Start)
            .ThenByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.Id.Value)
            .ToList();
        if (ordered.Count == 0)
            return null;

        var canonical = new List<Segment> { ordered[0] };
        var others = new List<Segment>();
        foreach (var segment in ordered.Skip(1))
        {
            if (canonical[^1].Adjacent(segment))
                canonical.Add(segment);
            else
                others.Add(segment);
        }
        return new Chains(canonical, FindFork(canonical, others));
    }

    private static List<Segment>? FindFork(List<Segment> canonical, List<Segment> others)
    {
        // Highest end last; among equal ends the newest last, so it is tried first.
        var candidates = others
            .OrderBy(s => s.End)
            .ThenBy(s => s.CreatedAt)
            .ThenBy(s => s.Id.Value)
            .ToList();
        var canonicalEnd = canonical[^1].End;
        while (candidates.Count > 0)
        {
            var tip = candidates[^1];
            candidates.RemoveAt(candidates.Count - 1);
            if (tip.End <= canonicalEnd)
                return null;

            var fork = new List<Segment> { tip };
            for (var i = candidates.Count - 1; i >= 0; i--)
            {
                var segment = candidates[i];
                if (!segment.Adjacent(fork[0]))
                    continue;
                // A segment ending where a canonical one ends, with the same hash, is the canonical data again:
                // the fork diverges after it, not before.
                if (canonical.Any(c => c.End == segment.End && c.Range.Hash == segment.Range.Hash))
                    break;
                fork.Insert(0, segment);
            }
            if (fork[0].Start <= canonicalEnd || fork[0].Start - canonicalEnd == 1)
                return fork;
        }
        return null;
    }
}
