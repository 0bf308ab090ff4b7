using System.Net;
using static Amp.Controller.Tests.Datasets.RegistryFleet;

namespace Amp.Controller.Tests.Datasets;

/// <summary>/providers against a real controller: stored as TOML, validated by name, secrets never returned in clear.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ProviderApiTests(RegistryFleet fleet)
{
    [Fact]
    public async Task A_provider_is_stored_as_toml_listed_read_and_deleted()
    {
        var created = await fleet.PostAsync("/providers", """{"name":"p_roundtrip","kind":"evm-rpc","network":"roundtrip","url":"http://localhost:8545","rpc_batch_size":10}""");
        AssertStatus(created, HttpStatusCode.Created);
        Assert.Equal("roundtrip", created.Json.GetProperty("network").GetString());
        var file = await File.ReadAllTextAsync(Path.Combine(fleet.ProvidersDir, "p_roundtrip.toml"));
        Assert.Equal("kind = \"evm-rpc\"\nnetwork = \"roundtrip\"\nurl = \"http://localhost:8545\"\nrpc_batch_size = 10\n", file);

        var get = await fleet.GetAsync("/providers/p_roundtrip");
        AssertStatus(get, HttpStatusCode.OK);
        Assert.Equal(10, get.Json.GetProperty("rpc_batch_size").GetInt32());
        var list = await fleet.GetAsync("/providers");
        Assert.Contains(list.Json.GetProperty("providers").EnumerateArray(), p => p.GetProperty("name").GetString() == "p_roundtrip");

        // Upsert replaces the file.
        AssertStatus(await fleet.PostAsync("/providers", """{"name":"p_roundtrip","kind":"evm-rpc","network":"other","url":"https://x.example"}"""), HttpStatusCode.Created);
        Assert.Equal("other", (await fleet.GetAsync("/providers/p_roundtrip")).Json.GetProperty("network").GetString());

        AssertStatus(await fleet.DeleteAsync("/providers/p_roundtrip"), HttpStatusCode.NoContent);
        Assert.False(File.Exists(Path.Combine(fleet.ProvidersDir, "p_roundtrip.toml")));
        AssertError(await fleet.GetAsync("/providers/p_roundtrip"), HttpStatusCode.NotFound, "PROVIDER_NOT_FOUND");
        AssertStatus(await fleet.DeleteAsync("/providers/p_roundtrip"), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_secret_written_in_clear_is_stored_but_never_returned()
    {
        var created = await fleet.PostAsync("/providers", """{"name":"p_secret","kind":"evm-rpc","network":"secret","url":"http://x","auth_token":"tok-123-canary"}""");
        AssertStatus(created, HttpStatusCode.Created);
        Assert.Contains("tok-123-canary", await File.ReadAllTextAsync(Path.Combine(fleet.ProvidersDir, "p_secret.toml")), StringComparison.Ordinal);
        foreach (var r in new[] { created, await fleet.GetAsync("/providers/p_secret"), await fleet.GetAsync("/providers") })
            Assert.DoesNotContain("tok-123-canary", r.Body, StringComparison.Ordinal);
        Assert.Equal("********", (await fleet.GetAsync("/providers/p_secret")).Json.GetProperty("auth_token").GetString());

        AssertStatus(await fleet.PostAsync("/providers", """{"name":"p_placeholder","kind":"evm-rpc","network":"secret","url":"${RPC_URL}","auth_token":"${RPC_TOKEN}"}"""), HttpStatusCode.Created);
        var shown = (await fleet.GetAsync("/providers/p_placeholder")).Json;
        Assert.Equal("${RPC_TOKEN}", shown.GetProperty("auth_token").GetString());
        Assert.Equal("${RPC_URL}", shown.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("""{"kind":"evm-rpc","network":"n","url":"http://x"}""", "INVALID_REQUEST_BODY")]
    [InlineData("""{"name":"bad-name","kind":"evm-rpc","network":"n","url":"http://x"}""", "INVALID_REQUEST_BODY")]
    [InlineData("""{"name":"p_bad","kind":"evm-rpc","network":"n","url":"http://x","urll":1}""", "INVALID_REQUEST_BODY")]
    [InlineData("""{"name":"p_bad","kind":"solana","network":"n","url":"http://x"}""", "INVALID_REQUEST_BODY")]
    [InlineData("""{"name":"p_bad","kind":"evm-rpc","network":"n","url":"wss://x"}""", "INVALID_REQUEST_BODY")]
    [InlineData("""{"name":"p_bad","kind":"evm-rpc","network":"n","url":"http://x","timeout_secs":-1}""", "INVALID_REQUEST_BODY")]
    [InlineData("""{"name":"p_bad","kind":"evm-rpc","network":"n"}""", "INVALID_REQUEST_BODY")]
    [InlineData("{nope", "INVALID_REQUEST_BODY")]
    public async Task Bad_providers_are_refused_and_nothing_is_written(string body, string code)
    {
        AssertError(await fleet.PostAsync("/providers", body), HttpStatusCode.BadRequest, code);
        Assert.False(File.Exists(Path.Combine(fleet.ProvidersDir, "p_bad.toml")));
    }

    [Fact]
    public async Task Bad_provider_names_in_the_path_are_400()
    {
        AssertError(await fleet.GetAsync("/providers/Bad-Name"), HttpStatusCode.BadRequest, "INVALID_PROVIDER_NAME");
        AssertError(await fleet.DeleteAsync("/providers/Bad-Name"), HttpStatusCode.BadRequest, "INVALID_PROVIDER_NAME");
    }
}
