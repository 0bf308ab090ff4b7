using System.Text.Json;

namespace Amp.AdminClient.Jobs;

/// <summary>
/// What a materialize-raw worker last reported about itself: the rate between its last two samples
/// (<c>blocks_per_second</c>), the resolved block range (<c>end_block</c> null for a continuous job), the highest block
/// written and the chain head. Null fields were not reported.
/// </summary>
public sealed record ExtractionProgress(double BlocksPerSecond, long? StartBlock, long? EndBlock, long? LatestBlock, long? ChainHead)
{
    /// <summary>Reads the extraction form from a progress object (it carries <c>blocks_per_second</c>); null for anything else.</summary>
    public static ExtractionProgress? From(JsonElement? progress)
    {
        if (progress is not { ValueKind: JsonValueKind.Object } json
            || !json.TryGetProperty("blocks_per_second", out var r) || r.ValueKind != JsonValueKind.Number)
            return null;
        return new ExtractionProgress(r.GetDouble(), Int64(json, "start_block"), Int64(json, "end_block"), Int64(json, "latest_block"),
            Int64(json, "chain_head"));
    }

    /// <summary>
    /// Seconds until <see cref="EndBlock"/> at the current rate, counting from the lowest <paramref name="currentBlock"/>
    /// of the tables (null = nothing contiguous yet: from <see cref="StartBlock"/>); null for a continuous job or when
    /// the rate is zero; 0 when the end is reached.
    /// </summary>
    public long? EtaSeconds(long? currentBlock)
    {
        if (EndBlock is not { } end)
            return null;
        var done = currentBlock ?? (StartBlock ?? 0) - 1;
        var remaining = end - done;
        if (remaining <= 0)
            return 0;
        return BlocksPerSecond > 0 ? (long)Math.Ceiling(remaining / BlocksPerSecond) : null;
    }

    private static long? Int64(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
}
