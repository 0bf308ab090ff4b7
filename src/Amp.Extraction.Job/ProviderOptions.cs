using Amp.Datasets.Providers;
using Amp.Extraction.Rpc;

namespace Amp.Extraction.Job;

/// <summary>A resolved provider as the RPC client's options.</summary>
internal static class ProviderOptions
{
    public static EvmRpcClientOptions Of(EvmRpcProvider provider) => new()
    {
        Url = provider.Url,
        AuthHeader = provider.AuthHeader,
        AuthToken = provider.AuthToken,
        ConcurrentRequestLimit = Math.Max(1, provider.ConcurrentRequestLimit),
        RpcBatchSize = provider.RpcBatchSize,
        RateLimitPerMinute = provider.RateLimitPerMinute is { } r ? (int)Math.Min(r, int.MaxValue) : null,
        FetchReceiptsPerTx = provider.FetchReceiptsPerTx,
        TimeoutSecs = (int)Math.Max(1, provider.Timeout.TotalSeconds),
    };
}
