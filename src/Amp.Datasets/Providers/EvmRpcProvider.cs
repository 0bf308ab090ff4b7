namespace Amp.Datasets.Providers;

/// <summary>
/// A resolved evm-rpc provider, placeholders substituted and defaults applied, as a job uses it (Amp's §2.1):
/// <c>concurrent_request_limit</c> 1024 (0 is raised to 1), <c>rpc_batch_size</c> 0 (0 or 1 = unbatched),
/// no rate limit, <c>eth_getBlockReceipts</c> unless <c>fetch_receipts_per_tx</c>, 30 s timeout.
/// </summary>
public sealed record EvmRpcProvider(
    string Name,
    string Network,
    Uri Url,
    string? AuthHeader,
    string? AuthToken,
    int ConcurrentRequestLimit,
    int RpcBatchSize,
    uint? RateLimitPerMinute,
    bool FetchReceiptsPerTx,
    TimeSpan Timeout)
{
    public const int DefaultConcurrentRequestLimit = 1024;
    public const int DefaultTimeoutSecs = 30;

    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"evm-rpc provider '{Name}' ({Network}, {Url.Scheme}://{Url.Host})";
}
