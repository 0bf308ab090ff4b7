using System.Text.Json.Nodes;
using Amp.Datasets.Identity;
using Amp.Datasets.Providers;

namespace Amp.Datasets.Tests;

public class ProviderTests
{
    private static readonly ProviderName Name = ProviderName.Parse("eth_mainnet");

    private static ProviderDocument FromToml(string toml)
    {
        Assert.True(ProviderToml.TryRead(toml, out var values, out var readError), readError);
        Assert.True(ProviderDocument.TryCreate(Name, values, out var doc, out var error), error);
        return doc!;
    }

    [Fact]
    public void Amps_provider_fixtures_load_and_round_trip_through_toml()
    {
        foreach (var file in new[] { "rpc_anvil.toml", "rpc_eth_mainnet.toml" })
        {
            var doc = FromToml(Fixtures.Provider(file));
            var again = FromToml(ProviderToml.Write(doc));
            Assert.Equal(doc.Entries, again.Entries);
            Assert.StartsWith("kind = \"evm-rpc\"\n", ProviderToml.Write(doc), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Placeholders_are_substituted_on_load_and_never_written_back()
    {
        var doc = FromToml(Fixtures.Provider("rpc_eth_mainnet.toml"));
        var env = new Dictionary<string, string>
        {
            ["ETH_MAINNET_RPC_URL"] = "https://rpc.example/v1",
            ["ETH_MAINNET_RPC_AUTH_HEADER"] = "Drpc-Key",
            ["ETH_MAINNET_RPC_AUTH_TOKEN"] = "s3cret",
        };
        Assert.True(doc.TryResolve(k => env.GetValueOrDefault(k), out var provider, out var error), error);
        Assert.Equal(new Uri("https://rpc.example/v1"), provider!.Url);
        Assert.Equal("s3cret", provider.AuthToken);
        Assert.Equal(1024, provider.ConcurrentRequestLimit);
        Assert.Equal(TimeSpan.FromSeconds(30), provider.Timeout);
        Assert.Contains("${ETH_MAINNET_RPC_AUTH_TOKEN}", ProviderToml.Write(doc), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", provider.ToString(), StringComparison.Ordinal);

        env.Remove("ETH_MAINNET_RPC_URL");
        Assert.False(doc.TryResolve(k => env.GetValueOrDefault(k), out _, out var unset));
        Assert.Contains("'ETH_MAINNET_RPC_URL' is not set", unset, StringComparison.Ordinal);
        env["ETH_MAINNET_RPC_URL"] = "ftp://x";
        Assert.False(doc.TryResolve(k => env.GetValueOrDefault(k), out _, out var scheme));
        Assert.Contains("http, https or ipc", scheme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${A}-${B}x", "1-2x")]
    [InlineData("$A ${A}", "$A 1")]
    [InlineData("plain", "plain")]
    public void Substitution_follows_Amps_syntax(string value, string expected)
    {
        Assert.Null(EnvSubstitution.Substitute(value, k => k == "A" ? "1" : k == "B" ? "2" : null, out var result));
        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("${A", "unclosed")]
    [InlineData("${}", "empty")]
    [InlineData("${NOPE}", "not set")]
    public void Bad_placeholders_are_named(string value, string mentions) =>
        Assert.Contains(mentions, EnvSubstitution.Substitute(value, _ => null, out _), StringComparison.Ordinal);

    [Fact]
    public void Secrets_in_clear_are_masked_but_placeholders_are_shown()
    {
        var literal = FromToml("kind = \"evm-rpc\"\nnetwork = \"mainnet\"\nurl = \"http://x\"\nauth_token = \"s3cret\"\n");
        Assert.Equal(ProviderDocument.Mask, literal.ToMaskedJson()["auth_token"]!.GetValue<string>());
        Assert.DoesNotContain("s3cret", literal.ToMaskedJson().ToJsonString(), StringComparison.Ordinal);
        var placeholder = FromToml(Fixtures.Provider("rpc_eth_mainnet.toml"));
        Assert.Equal("${ETH_MAINNET_RPC_AUTH_TOKEN}", placeholder.ToMaskedJson()["auth_token"]!.GetValue<string>());
        Assert.Equal("eth_mainnet", placeholder.ToMaskedJson()["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"kind":"evm-rpc","network":"n","url":"http://x","urll":"y"}""", "unknown provider key 'urll'")]
    [InlineData("""{"kind":"firehose","network":"n","url":"http://x"}""", "supported kinds: evm-rpc")]
    [InlineData("""{"kind":"evm-rpc","url":"http://x"}""", "needs 'network'")]
    [InlineData("""{"kind":"evm-rpc","network":"n","url":"ws://x"}""", "http, https or ipc")]
    [InlineData("""{"kind":"evm-rpc","network":"n","url":"http://x","concurrent_request_limit":70000}""", "from 0 to 65535")]
    [InlineData("""{"kind":"evm-rpc","network":"n","url":"http://x","rate_limit_per_minute":0}""", "rate_limit_per_minute")]
    [InlineData("""{"kind":"evm-rpc","network":"n","url":"http://x","timeout_secs":"30"}""", "timeout_secs must be a whole number")]
    [InlineData("""{"kind":"evm-rpc","network":"n","url":"http://x","fetch_receipts_per_tx":null}""", "leave the key out")]
    [InlineData("""{"kind":"evm-rpc","network":"n","url":"http://x","auth_header":"Bad Header"}""", "header name")]
    [InlineData("""{"kind":"evm-rpc","network":"${NET}","url":"http://x"}""", "network cannot use")]
    [InlineData("""{"kind":"evm-rpc","network":"n","url":"${URL"}""", "unclosed")]
    public void Bad_providers_are_refused_by_name(string json, string mentions)
    {
        var values = ProviderJson.Values(JsonNode.Parse(json)!.AsObject());
        Assert.False(ProviderDocument.TryCreate(Name, values, out _, out var error));
        Assert.Contains(mentions, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_concurrency_is_raised_to_one_and_every_key_resolves()
    {
        var doc = FromToml("kind = \"evm-rpc\"\nnetwork = \"anvil\"\nurl = \"ipc:///tmp/anvil.ipc\"\nconcurrent_request_limit = 0\nrpc_batch_size = 50\nrate_limit_per_minute = 600\nfetch_receipts_per_tx = true\ntimeout_secs = 5\nauth_header = \"Drpc-Key\"\n");
        Assert.True(doc.TryResolve(_ => null, out var p, out _));
        Assert.Equal((1, 50, 600u, true, 5), (p!.ConcurrentRequestLimit, p.RpcBatchSize, p.RateLimitPerMinute!.Value, p.FetchReceiptsPerTx, (int)p.Timeout.TotalSeconds));
        Assert.Equal("Drpc-Key", p.AuthHeader);
    }

    [Fact]
    public void Toml_that_does_not_parse_is_an_error() => Assert.False(ProviderToml.TryRead("kind = ", out _, out _));
}
