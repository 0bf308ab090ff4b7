namespace Amp.DataStore.Ranges;

/// <summary>How a job cuts its missing blocks into parallel partitions and per-file chunks (reference §5.3, §5.7).</summary>
public static class RangePartitioning
{
    /// <summary>Amp's minimum partition size: no partition but the last has fewer blocks.</summary>
    public const ulong MinPartitionBlocks = 2000;

    /// <summary>Amp's <c>MAX_PARTITION_BLOCK_RANGE</c>: one file never spans more blocks of a missing range than this.</summary>
    public const ulong MaxChunkBlocks = 1_000_000;

    /// <summary>
    /// Cuts sorted spans into at most <paramref name="partitions"/> partitions of about equal size: the target is
    /// max(ceil(total / n), <paramref name="minBlocks"/>); partitions are filled in order and a span is cut wherever one
    /// is full. Each partition is a list of spans in ascending order.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<BlockSpan>> SplitAndPartition(
        IReadOnlyList<BlockSpan> spans, int partitions, ulong minBlocks = MinPartitionBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        if (spans.Count == 0)
            return [];

        var total = BlockSpans.Total(spans);
        var n = (ulong)partitions;
        var target = Math.Max(total / n + (total % n == 0 ? 0UL : 1UL), Math.Max(minBlocks, 1));

        var result = new List<IReadOnlyList<BlockSpan>>();
        var current = new List<BlockSpan>();
        var capacity = target;
        var next = 0;
        BlockSpan? rest = null;
        while (rest is not null || next < spans.Count)
        {
            var span = rest ?? spans[next++];
            rest = null;
            if (span.Count > capacity)
            {
                current.Add(new BlockSpan(span.Start, span.Start + capacity - 1));
                rest = new BlockSpan(span.Start + capacity, span.End);
                capacity = 0;
            }
            else
            {
                current.Add(span);
                capacity -= span.Count;
            }
            if (capacity == 0)
            {
                result.Add(current);
                current = [];
                capacity = target;
            }
        }
        if (current.Count > 0)
            result.Add(current);
        return result;
    }

    /// <summary>Cuts every span longer than <paramref name="maxBlocks"/> into pieces of that length, counted from its start.</summary>
    public static IReadOnlyList<BlockSpan> LimitRanges(IEnumerable<BlockSpan> spans, ulong maxBlocks = MaxChunkBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfZero(maxBlocks);
        var result = new List<BlockSpan>();
        foreach (var span in spans)
        {
            var start = span.Start;
            while (span.End - start >= maxBlocks)
            {
                result.Add(new BlockSpan(start, start + maxBlocks - 1));
                start += maxBlocks;
            }
            result.Add(new BlockSpan(start, span.End));
        }
        return result;
    }
}
