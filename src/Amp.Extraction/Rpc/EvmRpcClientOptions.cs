namespace Amp.Extraction.Rpc;

/// <summary>
/// How to reach an evm-rpc provider and how hard to use it: the keys of Amp's provider TOML (amp-extraction.md §2.1)
/// plus the bounded retry policy Amp lacks. Defaults are Amp's.
/// </summary>
public sealed record EvmRpcClientOptions
{
    /// <summary><c>http(s)://…</c> or <c>ipc://&lt;path&gt;</c> (a Unix socket).</summary>
    public required Uri Url { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer &lt;token&gt;</c>, or as <c>&lt;AuthHeader&gt;: &lt;token&gt;</c> when that is set.</summary>
    public string? AuthToken { get; init; }

    public string? AuthHeader { get; init; }

    /// <summary>Requests in flight at once, shared by every partition of a job; 0 is raised to 1.</summary>
    public int ConcurrentRequestLimit { get; init; } = 1024;

    /// <summary>Calls per JSON-RPC batch; 0 or 1 streams one block at a time without batches.</summary>
    public int RpcBatchSize { get; init; }

    /// <summary>Transport requests (a batch counts once) per minute; null for no limit.</summary>
    public int? RateLimitPerMinute { get; init; }

    /// <summary>One <c>eth_getTransactionReceipt</c> per transaction instead of <c>eth_getBlockReceipts</c>.</summary>
    public bool FetchReceiptsPerTx { get; init; }

    /// <summary>Whole-request timeout, seconds.</summary>
    public int TimeoutSecs { get; init; } = 30;

    public StreamRetryPolicy Retry { get; init; } = StreamRetryPolicy.Default;

    internal int EffectiveConcurrency => Math.Max(1, ConcurrentRequestLimit);

    internal bool Batched => RpcBatchSize > 1;

    internal bool IsIpc => Url.Scheme == "ipc";

    /// <summary>The Unix socket path of an <c>ipc://</c> URL: what follows the scheme (<c>ipc:///tmp/anvil.ipc</c> → <c>/tmp/anvil.ipc</c>).</summary>
    internal string IpcPath => Url.OriginalString["ipc://".Length..];

    /// <summary>Checks what the types cannot; null when the options are usable, else what to fix.</summary>
    public string? Validate()
    {
        if (Url.Scheme is not ("http" or "https" or "ipc"))
            return $"url '{Url}': the scheme must be http, https or ipc (WebSocket providers are not supported)";
        if (ConcurrentRequestLimit < 0)
            return $"concurrent_request_limit must not be negative (got {ConcurrentRequestLimit})";
        if (RpcBatchSize < 0)
            return $"rpc_batch_size must not be negative (got {RpcBatchSize})";
        if (RateLimitPerMinute is <= 0)
            return $"rate_limit_per_minute must be positive (got {RateLimitPerMinute})";
        if (TimeoutSecs <= 0)
            return $"timeout_secs must be positive (got {TimeoutSecs})";
        if (AuthHeader is not null && AuthToken is null)
            return "auth_header is set without auth_token";
        return Retry.MaxAttempts < 1 ? "the retry policy needs at least one attempt" : null;
    }
}
