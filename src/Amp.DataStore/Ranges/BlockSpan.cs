namespace Amp.DataStore.Ranges;

/// <summary>An inclusive range of block numbers, <c>Start..=End</c>; never empty (Start ≤ End).</summary>
public readonly record struct BlockSpan
{
    public BlockSpan(ulong start, ulong end)
    {
        if (start > end)
            throw new ArgumentException($"block range {start}..={end} is empty: start is after end");
        Start = start;
        End = end;
    }

    public ulong Start { get; }

    public ulong End { get; }

    /// <summary>How many blocks the span holds (saturates at ulong.MaxValue for the full range).</summary>
    public ulong Count => End - Start == ulong.MaxValue ? ulong.MaxValue : End - Start + 1;

    public bool Contains(ulong block) => Start <= block && block <= End;

    /// <summary>The blocks both spans hold, or null when they do not overlap.</summary>
    public BlockSpan? Intersect(BlockSpan other)
    {
        var start = Math.Max(Start, other.Start);
        var end = Math.Min(End, other.End);
        return start <= end ? new BlockSpan(start, end) : null;
    }

    public override string ToString() => $"{Start}..={End}";
}
