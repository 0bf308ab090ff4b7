using System.Security.Cryptography;
using System.Text;

namespace Ampctl.Tests.Registry;

/// <summary>ampctl dataset|manifest|provider in-process: offline generation and usage errors that never reach the API.</summary>
public class RegistryUsageTests
{
    // Nothing listens here: a command that sent a request would fail with exit 1, not 2.
    private const string Nowhere = "http://127.0.0.1:9";

    [Fact]
    public async Task Generate_prints_Amps_anvil_manifest_whose_canonical_form_has_Amps_hash()
    {
        var run = await CliRun.RunAsync("manifest", "generate", "--kind", "evm-rpc", "--network", "anvil");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("{\n  \"kind\": \"evm-rpc\",\n  \"network\": \"anvil\",\n  \"start_block\": 0,\n  \"finalized_blocks_only\": false,\n  \"tables\": {\n    \"blocks\"", run.Stdout, StringComparison.Ordinal);
        Assert.True(Amp.Datasets.Manifests.RawManifest.TryParse(Encoding.UTF8.GetBytes(run.Stdout), out var generated, out _));
        Assert.True(Amp.Datasets.Manifests.RawManifest.TryParse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "amp", "manifests", "anvil_rpc.json")), out var fixture, out _));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(fixture!.ToCanonicalBytes())), generated!.Hash.Value);
    }

    [Fact]
    public async Task Generate_writes_into_a_directory_as_kind_json_and_refuses_other_kinds()
    {
        var dir = Directory.CreateTempSubdirectory("ampctl-gen-").FullName;
        try
        {
            var run = await CliRun.RunAsync("manifest", "generate", "--kind", "evm-rpc", "--network", "base", "--start-block", "33411770", "-o", dir);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("\"start_block\": 33411770", File.ReadAllText(Path.Combine(dir, "evm-rpc.json")), StringComparison.Ordinal);
            var firehose = await CliRun.RunAsync("manifest", "generate", "--kind", "firehose", "--network", "base");
            Assert.Equal(1, firehose.ExitCode);
            Assert.Contains("supported kinds: evm-rpc", firehose.Stderr, StringComparison.Ordinal);
            Assert.Equal(2, (await CliRun.RunAsync("manifest", "generate", "--network", "base")).ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("dataset", "deploy", "_/anvil_rpc")]
    [InlineData("dataset", "deploy", "_/anvil_rpc@1.0")]
    [InlineData("dataset", "deploy", "_/anvil_rpc@1.0.0", "--end-block", "soon")]
    [InlineData("dataset", "deploy", "_/anvil_rpc@1.0.0", "--parallelism", "0")]
    [InlineData("dataset", "dep", "Bad/x@latest")]
    [InlineData("dataset", "inspect", "_/x")]
    [InlineData("dataset", "versions", "x")]
    [InlineData("dataset", "register", "_/x", "/nonexistent/m.json")]
    [InlineData("datasets", "reg", "_/x", "/etc/hostname", "--tag", "v1")]
    [InlineData("manifest", "inspect", "abc")]
    [InlineData("manifests", "rm", "0x00")]
    [InlineData("provider", "register", "bad-name", "/etc/hostname")]
    [InlineData("providers", "inspect", "Bad")]
    [InlineData("dataset", "restore", "_/anvil_rpc@1.0")]
    [InlineData("dataset", "restore", "_/anvil_rpc@1.0.0", "--location-id", "7")]
    [InlineData("dataset", "restore", "_/anvil_rpc@1.0.0", "--table", "bad-table")]
    [InlineData("dataset", "restore", "_/anvil_rpc@1.0.0", "--table", "blocks", "--location-id", "0")]
    [InlineData("table", "get", "0")]
    [InlineData("tables", "restore", "abc")]
    [InlineData("table", "activate", "_/anvil_rpc", "blocks", "3")]
    [InlineData("table", "deactivate", "_/anvil_rpc@latest", "1blocks")]
    [InlineData("table", "list", "--limit", "-1")]
    [InlineData("table", "list", "--active", "maybe")]
    [InlineData("table", "list", "--dataset", "anvil_rpc")]
    [InlineData("table", "list", "--dataset", "_/Bad Name")]
    public async Task Bad_arguments_are_usage_errors_before_any_request(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--admin-url", Nowhere]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("✗ ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_end_block_is_accepted_with_an_equals_sign()
    {
        var run = await CliRun.RunAsync("dataset", "deploy", "_/x@latest", "--end-block=-100", "--admin-url", Nowhere);
        Assert.Equal(1, run.ExitCode); // parsed, then the request found nobody listening
    }
}
