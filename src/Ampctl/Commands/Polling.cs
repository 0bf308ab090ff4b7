using Amp.AdminClient;

namespace Ampctl.Commands;

/// <summary>
/// The loop of the commands that follow something to its end (<c>job run --wait</c>, <c>worker drain --wait</c>):
/// ask the API every half second until <paramref name="done"/> says so, an API error ends it, or the timeout passes.
/// </summary>
internal static class Polling
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <param name="describe">The progress line for an answer; printed through <paramref name="report"/> when it changes.</param>
    /// <returns>The last answer and whether it satisfied <paramref name="done"/>; an API error is returned as is.</returns>
    public static async Task<(AdminResult<T> Last, bool Done)> UntilAsync<T>(Func<CancellationToken, Task<AdminResult<T>>> ask, Func<T, bool> done,
        Func<T, string> describe, Action<string> report, TimeSpan timeout, CancellationToken ct) where T : class
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        string? previous = null;
        while (true)
        {
            var result = await ask(ct).ConfigureAwait(false);
            if (!result.IsSuccess)
                return (result, false);
            if (done(result.Value))
                return (result, true);
            var line = describe(result.Value);
            if (line != previous)
                report(line);
            previous = line;
            if (DateTimeOffset.UtcNow >= deadline)
                return (result, false);
            await Task.Delay(Interval, ct).ConfigureAwait(false);
        }
    }
}
