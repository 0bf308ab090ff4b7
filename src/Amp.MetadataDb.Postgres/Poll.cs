using System.Diagnostics;

namespace Amp.MetadataDb.Postgres;

/// <summary>Polls a condition with exponential backoff until it holds or a deadline passes.</summary>
internal static class Poll
{
    /// <returns>True when <paramref name="condition"/> held before <paramref name="timeout"/> elapsed.</returns>
    public static async Task<bool> UntilAsync(
        Func<bool> condition, TimeSpan timeout, TimeSpan initialDelay, TimeSpan maxDelay, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan delay = initialDelay;
        while (true)
        {
            if (condition())
                return true;
            TimeSpan left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                return false;
            await Task.Delay(delay < left ? delay : left, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
        }
    }
}
