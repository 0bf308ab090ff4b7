using System.Threading.RateLimiting;

namespace Amp.Extraction.Rpc;

/// <summary>
/// <c>rate_limit_per_minute</c> as a token bucket: one token per transport request, refilled at exactly n per minute
/// (k tokens every k/n minutes, k chosen so a period is at least <see cref="MinPeriod"/>), and a bucket of n tokens, so
/// an idle client may send a burst of up to n requests at once, as Amp's <c>governor</c> quota (burst n) allows.
/// </summary>
internal static class RpcRateLimit
{
    /// <summary>The shortest refill period: finer than this only wakes the limiter's timer more often.</summary>
    public static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(50);

    public static TokenBucketRateLimiter? For(int? perMinute) => perMinute is { } n ? new TokenBucketRateLimiter(OptionsFor(n)) : null;

    /// <summary>n per minute: k tokens per period of k/n minutes (rounded to a 100 ns tick), bucket size n.</summary>
    public static TokenBucketRateLimiterOptions OptionsFor(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        var tokens = (int)Math.Max(1, (perMinute * MinPeriod.Ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute);
        var period = TimeSpan.FromTicks((long)Math.Round((double)TimeSpan.TicksPerMinute * tokens / perMinute));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }
}
