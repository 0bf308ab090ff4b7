using System.Text.Json;

namespace Amp.Extraction.Rpc.Transport;

/// <summary>Sends one JSON-RPC request body (an object or a batch array) and parses the answer.</summary>
internal interface IRpcTransport : IDisposable
{
    /// <summary>
    /// The parsed answer. Throws <see cref="RateLimitedException"/> on HTTP 429 and a retryable
    /// <see cref="Errors.ExtractionException"/> when the transport fails or the answer is not JSON.
    /// </summary>
    Task<JsonDocument> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}

/// <summary>The provider said 429; <see cref="RetryAfter"/> is its Retry-After, when it sent one.</summary>
internal sealed class RateLimitedException(TimeSpan? retryAfter) : Exception("HTTP 429 Too Many Requests")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
