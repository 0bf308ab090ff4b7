namespace Amp.Controller.Metrics;

/// <summary>
/// Bounds how long a scrape waits for a before-collect refresh. Each refresh already gives its database work a
/// deadline of 0.6 × <see cref="ControllerOptions.DbTimeout"/>; this is the backstop for a driver that does not
/// give up in time (a frozen server mid-handshake, a starved thread pool): at 0.8 × the timeout the scrape goes on
/// with the last values, the refresh finishes in the background, and the answer is still a 200 before the
/// Admin API's request deadline turns it into a 503.
/// </summary>
internal static class ScrapeBudget
{
    public static Func<CancellationToken, Task> Bound(Func<CancellationToken, Task> refresh, TimeSpan dbTimeout, Action? onOverrun = null) =>
        async scrape =>
        {
            try
            {
                await refresh(scrape).WaitAsync(dbTimeout * 0.8, scrape).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                onOverrun?.Invoke();
            }
        };
}
