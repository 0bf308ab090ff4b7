namespace Amp.Datasets.Providers;

/// <summary>The type of a provider key's value in TOML and JSON.</summary>
public enum ProviderValueType
{
    String,
    Integer,
    Boolean,
}

/// <summary>One key of an evm-rpc provider: its type, whether it is required, its bounds and its default (for the docs and the resolver).</summary>
public sealed record ProviderKey(string Name, ProviderValueType Type, bool Required, long Min = 0, long Max = long.MaxValue, bool Secret = false);

/// <summary>The evm-rpc provider table of Amp's §2.1, in the order files and answers list them.</summary>
public static class ProviderKeys
{
    public const string EvmRpcKind = "evm-rpc";

    public static IReadOnlyList<string> SupportedKinds { get; } = [EvmRpcKind];

    public static IReadOnlyList<ProviderKey> EvmRpc { get; } =
    [
        new("kind", ProviderValueType.String, true),
        new("network", ProviderValueType.String, true),
        new("url", ProviderValueType.String, true),
        new("auth_header", ProviderValueType.String, false),
        new("auth_token", ProviderValueType.String, false, Secret: true),
        new("concurrent_request_limit", ProviderValueType.Integer, false, 0, ushort.MaxValue),
        new("rpc_batch_size", ProviderValueType.Integer, false, 0, 100_000),
        new("rate_limit_per_minute", ProviderValueType.Integer, false, 1, uint.MaxValue),
        new("fetch_receipts_per_tx", ProviderValueType.Boolean, false),
        new("timeout_secs", ProviderValueType.Integer, false, 1, 86_400),
    ];

    public static ProviderKey? Find(string name) => EvmRpc.FirstOrDefault(k => k.Name == name);

    public static string Names => string.Join(", ", EvmRpc.Select(k => k.Name));
}
