using System.Diagnostics;

namespace Amp.MetadataDb.Postgres.Tests.Support;

/// <summary>Polls a condition against a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(10);
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for: {what}");
            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
        }
    }

    /// <summary>Awaits <paramref name="task"/> but fails the test if it does not complete within <paramref name="timeout"/>.</summary>
    public static async Task CompletesAsync(Task task, TimeSpan timeout, string what)
    {
        if (await Task.WhenAny(task, Task.Delay(timeout)) != task)
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for: {what}");
        await task;
    }
}
