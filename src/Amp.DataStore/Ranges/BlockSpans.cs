namespace Amp.DataStore.Ranges;

/// <summary>Set operations on lists of block spans: merge, subtract, total.</summary>
public static class BlockSpans
{
    /// <summary>Sorts the spans and joins those that overlap or touch (<c>1..=5, 6..=9</c> → <c>1..=9</c>).</summary>
    public static IReadOnlyList<BlockSpan> Merge(IEnumerable<BlockSpan> spans)
    {
        var sorted = spans.OrderBy(s => s.Start).ToList();
        var merged = new List<BlockSpan>(sorted.Count);
        foreach (var span in sorted)
        {
            if (merged.Count > 0)
            {
                var last = merged[^1];
                if (last.End == ulong.MaxValue || span.Start <= last.End + 1)
                {
                    merged[^1] = new BlockSpan(last.Start, Math.Max(last.End, span.End));
                    continue;
                }
            }
            merged.Add(span);
        }
        return merged;
    }

    /// <summary>The parts of <paramref name="desired"/> that <paramref name="covered"/> does not hold: zero, one or two spans.</summary>
    public static IReadOnlyList<BlockSpan> Subtract(BlockSpan desired, BlockSpan covered)
    {
        if (covered.Intersect(desired) is null)
            return [desired];
        var result = new List<BlockSpan>(2);
        if (desired.Start < covered.Start)
            result.Add(new BlockSpan(desired.Start, covered.Start - 1));
        if (desired.End > covered.End)
            result.Add(new BlockSpan(covered.End + 1, desired.End));
        return result;
    }

    /// <summary>Removes every block of <paramref name="covered"/> from the spans, keeping their order.</summary>
    public static IReadOnlyList<BlockSpan> Subtract(IEnumerable<BlockSpan> spans, BlockSpan covered) =>
        spans.SelectMany(s => Subtract(s, covered)).ToList();

    /// <summary>The total number of blocks in the spans.</summary>
    public static ulong Total(IEnumerable<BlockSpan> spans)
    {
        ulong total = 0;
        foreach (var span in spans)
            total = checked(total + span.Count);
        return total;
    }
}
