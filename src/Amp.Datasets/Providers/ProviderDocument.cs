using System.Text.Json.Nodes;
using Amp.Datasets.Identity;

namespace Amp.Datasets.Providers;

/// <summary>
/// A provider as stored in <c>&lt;providers_dir&gt;/&lt;name&gt;.toml</c>: validated keys with their values as written
/// (placeholders kept). Unknown keys, wrong types and out-of-range numbers are refused by name when it is created.
/// </summary>
public sealed class ProviderDocument
{
    public const string Mask = "********";

    private ProviderDocument(ProviderName name, IReadOnlyList<KeyValuePair<string, object>> entries)
    {
        Name = name;
        Entries = entries;
    }

    public ProviderName Name { get; }

    /// <summary>The keys that are set, in <see cref="ProviderKeys.EvmRpc"/> order; values are string, long or bool.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Entries { get; }

    public string Kind => (string)Get("kind")!;
    public string Network => (string)Get("network")!;

    public object? Get(string key) => Entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>Validates raw key/value pairs (from JSON or TOML; values string, long, bool, or anything else to be refused).</summary>
    public static bool TryCreate(ProviderName name, IEnumerable<KeyValuePair<string, object?>> values, out ProviderDocument? document, out string? error)
    {
        document = null;
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (ProviderKeys.Find(key) is null)
            {
                error = $"unknown provider key '{key}'; an evm-rpc provider takes: {ProviderKeys.Names}";
                return false;
            }
            given[key] = value;
        }
        if (given.TryGetValue("kind", out var kind) && kind is string k && !ProviderKeys.SupportedKinds.Contains(k))
        {
            error = $"provider kind '{k}' is not supported; supported kinds: {string.Join(", ", ProviderKeys.SupportedKinds)}";
            return false;
        }
        var entries = new List<KeyValuePair<string, object>>();
        foreach (var spec in ProviderKeys.EvmRpc)
        {
            if (!given.TryGetValue(spec.Name, out var value))
            {
                if (spec.Required)
                {
                    error = $"the provider needs '{spec.Name}'; required keys: kind, network, url";
                    return false;
                }
                continue;
            }
            if ((error = CheckValue(spec, value)) is not null)
                return false;
            entries.Add(new(spec.Name, value is int i ? (long)i : value!));
        }
        error = null;
        document = new ProviderDocument(name, entries);
        return true;
    }

    private static string? CheckValue(ProviderKey spec, object? value)
    {
        switch (spec.Type)
        {
            case ProviderValueType.String when value is string s:
                if (EnvSubstitution.HasPlaceholder(s))
                {
                    if (spec.Name is "kind" or "network")
                        return $"{spec.Name} cannot use a ${{VAR}} placeholder: jobs choose providers by the written kind and network";
                    return EnvSubstitution.CheckSyntax(s) is { } syntax ? $"{spec.Name}: {syntax}" : null;
                }
                return ProviderValues.Check(spec.Name, s);
            case ProviderValueType.Integer when value is long or int:
                var n = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                return n >= spec.Min && n <= spec.Max ? null : $"{spec.Name} must be a whole number from {spec.Min} to {spec.Max}, got {n}";
            case ProviderValueType.Boolean when value is bool:
                return null;
            default:
                var expected = spec.Type switch
                {
                    ProviderValueType.String => "a string",
                    ProviderValueType.Integer => $"a whole number from {spec.Min} to {spec.Max}",
                    _ => "true or false",
                };
                return value is null
                    ? $"{spec.Name} is null; leave the key out to use its default"
                    : $"{spec.Name} must be {expected}";
        }
    }

    /// <summary>What the API shows: <c>name</c>, then the stored keys, secrets written in clear replaced by <see cref="Mask"/>.</summary>
    public JsonObject ToMaskedJson()
    {
        var o = new JsonObject { ["name"] = Name.Value };
        foreach (var (key, value) in Entries)
        {
            var secret = ProviderKeys.Find(key)!.Secret;
            o[key] = value switch
            {
                string s when secret && !IsOnlyPlaceholders(s) => Mask,
                string s => s,
                long l => l,
                bool b => b,
                _ => null,
            };
        }
        return o;
    }

    /// <summary>True when every character of the value comes from <c>${VAR}</c> placeholders, so showing it reveals nothing.</summary>
    private static bool IsOnlyPlaceholders(string s) =>
        EnvSubstitution.HasPlaceholder(s) && EnvSubstitution.Substitute(s, _ => "", out var rest) is null && rest.Length == 0;

    /// <summary>Substitutes placeholders from <paramref name="environment"/> and applies defaults: the provider a job uses.</summary>
    public bool TryResolve(Func<string, string?> environment, out EvmRpcProvider? provider, out string? error)
    {
        provider = null;
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries)
        {
            if (value is string s)
            {
                if (EnvSubstitution.Substitute(s, environment, out var substituted) is { } problem)
                {
                    error = $"provider '{Name}': {key}: {problem}";
                    return false;
                }
                if (ProviderValues.Check(key, substituted) is { } invalid)
                {
                    error = $"provider '{Name}': {invalid}";
                    return false;
                }
                values[key] = substituted;
            }
            else
            {
                values[key] = value;
            }
        }
        ProviderValues.TryParseUrl((string)values["url"], out var url);
        long Int(string key, long fallback) => values.TryGetValue(key, out var v) ? (long)v : fallback;
        provider = new EvmRpcProvider(
            Name.Value,
            (string)values["network"],
            url,
            values.GetValueOrDefault("auth_header") as string,
            values.GetValueOrDefault("auth_token") as string,
            (int)Math.Max(1, Int("concurrent_request_limit", EvmRpcProvider.DefaultConcurrentRequestLimit)),
            (int)Int("rpc_batch_size", 0),
            values.TryGetValue("rate_limit_per_minute", out var rate) ? (uint)(long)rate : null,
            values.TryGetValue("fetch_receipts_per_tx", out var perTx) && (bool)perTx,
            TimeSpan.FromSeconds(Int("timeout_secs", EvmRpcProvider.DefaultTimeoutSecs)));
        error = null;
        return true;
    }
}
