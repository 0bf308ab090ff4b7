using System.Diagnostics;

namespace Amp.Testing;

/// <summary>Polls for a condition with a generous deadline; never a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        T last = default!;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe().ConfigureAwait(false);
                if (done(last))
                    return last;
                lastError = null;
            }
            catch (Exception ex)
            {
                lastError = ex;
            }
            if (deadline.Elapsed > limit)
                throw new TimeoutException($"timed out after {limit.TotalSeconds:0}s waiting for {what}; last value: {Describe(last)}{(lastError is null ? "" : $"; last error: {lastError.Message}")}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        ValueAsync(condition, b => b, what, timeout);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        ValueAsync(() => Task.FromResult(condition()), b => b, what, timeout);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object?>()) + "]",
        _ => value.ToString() ?? "",
    };
}
