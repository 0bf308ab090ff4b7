namespace Amp.Extraction.Rpc;

/// <summary>
/// Bounded retries of a failed request or stream (Amp retries for ever, §11.5). The attempt count resets after
/// every block emitted; after <see cref="MaxAttempts"/> failures in a row the stream ends with the retryable
/// <c>RPC_RETRIES_EXHAUSTED</c>, so the job ends ERROR and the job machinery tries again later.
/// </summary>
public sealed record StreamRetryPolicy(int MaxAttempts, TimeSpan InitialDelay, TimeSpan MaxDelay, int MaxRateLimitWaits, TimeSpan MaxRetryAfter)
{
    public static readonly StreamRetryPolicy Default = new(10, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), 10, TimeSpan.FromSeconds(60));
}
