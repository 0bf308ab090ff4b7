using System.Net;
using static Amp.Controller.Tests.Datasets.RegistryFleet;

namespace Amp.Controller.Tests.Datasets;

/// <summary>/manifests against a real controller: Amp's hash, the stored bytes, links and pruning.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestApiTests(RegistryFleet fleet)
{
    [Fact]
    public async Task Amps_fixture_gets_Amps_hash_and_is_stored_byte_for_byte()
    {
        var r = await fleet.PostAsync("/manifests", Fixture("manifests/base_rpc.json"));
        AssertStatus(r, HttpStatusCode.Created);
        Assert.Equal(BaseRpcHash, r.Json.GetProperty("hash").GetString());
        var canonical = Fixture($"manifests/{BaseRpcHash}");
        Assert.Equal(canonical, await File.ReadAllTextAsync(Path.Combine(fleet.ManifestsDir, BaseRpcHash)));
        var get = await fleet.GetAsync($"/manifests/{BaseRpcHash}");
        AssertStatus(get, HttpStatusCode.OK);
        Assert.Equal(canonical, get.Body);
        Assert.Equal("application/json", get.ContentType);
        // Idempotent, and the uppercase form of a hash names the same manifest.
        AssertStatus(await fleet.PostAsync("/manifests", canonical), HttpStatusCode.Created);
        AssertStatus(await fleet.GetAsync($"/manifests/{BaseRpcHash.ToUpperInvariant()}"), HttpStatusCode.OK);
        var listed = (await fleet.GetAsync("/manifests")).Json.GetProperty("manifests").EnumerateArray().Single(m => m.GetProperty("hash").GetString() == BaseRpcHash);
        Assert.Equal("evm-rpc", listed.GetProperty("kind").GetString());
        Assert.Equal(1L, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM manifest_files WHERE hash = $1", BaseRpcHash));
    }

    [Fact]
    public async Task A_linked_manifest_cannot_be_deleted_an_unlinked_one_is_pruned()
    {
        var manifest = Fixture("manifests/anvil_rpc.json").Replace("\"start_block\": 0", "\"start_block\": 7", StringComparison.Ordinal);
        var hash = (await fleet.PostAsync("/manifests", manifest)).Json.GetProperty("hash").GetString()!;
        AssertStatus(await fleet.PostAsync("/datasets", $$"""{"namespace":"m_ns","name":"linked","version":"1.0.0","manifest":"{{hash}}"}"""), HttpStatusCode.Created);
        AssertError(await fleet.DeleteAsync($"/manifests/{hash}"), HttpStatusCode.Conflict, "MANIFEST_LINKED");
        var datasets = (await fleet.GetAsync($"/manifests/{hash}/datasets")).Json;
        Assert.Equal("linked", datasets.GetProperty("datasets")[0].GetProperty("name").GetString());
        Assert.Equal("1.0.0", datasets.GetProperty("datasets")[0].GetProperty("version").GetString());

        var orphan = (await fleet.PostAsync("/manifests", manifest.Replace("\"start_block\": 7", "\"start_block\": 8", StringComparison.Ordinal))).Json.GetProperty("hash").GetString()!;
        var pruned = await fleet.DeleteAsync("/manifests");
        AssertStatus(pruned, HttpStatusCode.OK);
        Assert.True(pruned.Json.GetProperty("deleted_count").GetInt32() >= 1);
        AssertError(await fleet.GetAsync($"/manifests/{orphan}"), HttpStatusCode.NotFound, "MANIFEST_NOT_FOUND");
        Assert.False(File.Exists(Path.Combine(fleet.ManifestsDir, orphan)));
        AssertStatus(await fleet.GetAsync($"/manifests/{hash}"), HttpStatusCode.OK);

        AssertStatus(await fleet.DeleteAsync("/datasets/m_ns/linked"), HttpStatusCode.NoContent);
        AssertError(await fleet.GetAsync($"/manifests/{hash}"), HttpStatusCode.NotFound, "MANIFEST_NOT_FOUND");
        AssertStatus(await fleet.DeleteAsync($"/manifests/{hash}"), HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("""{"kind":"firehose","network":"n","tables":{}}""", "UNSUPPORTED_DATASET_KIND")]
    [InlineData("""{"kind":"manifest","tables":{}}""", "UNSUPPORTED_DATASET_KIND")]
    [InlineData("""{"network":"n","tables":{}}""", "INVALID_MANIFEST")]
    [InlineData("""{"kind":"evm-rpc","network":"","tables":{}}""", "INVALID_MANIFEST")]
    [InlineData("""{"kind":"evm-rpc","network":"n","tables":{"t":{"network":"n","schema":{"arrow":{"fields":[{"name":"a","type":"Int128","nullable":true}]}}}}}""", "INVALID_MANIFEST")]
    [InlineData("[1]", "INVALID_PAYLOAD_FORMAT")]
    [InlineData("{nope", "INVALID_PAYLOAD_FORMAT")]
    public async Task Bad_manifests_are_400_and_store_nothing(string body, string code)
    {
        var before = await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM manifest_files");
        AssertError(await fleet.PostAsync("/manifests", body), HttpStatusCode.BadRequest, code);
        Assert.Equal(before, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM manifest_files"));
    }

    [Theory]
    [InlineData("GET", "/manifests/xyz", "INVALID_HASH", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/manifests/0x12", "INVALID_HASH", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/manifests/abc/datasets", "INVALID_HASH", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/manifests/1111111111111111111111111111111111111111111111111111111111111111", "MANIFEST_NOT_FOUND", HttpStatusCode.NotFound)]
    [InlineData("GET", "/manifests/1111111111111111111111111111111111111111111111111111111111111111/datasets", "MANIFEST_NOT_FOUND", HttpStatusCode.NotFound)]
    public async Task Bad_or_unknown_hashes_get_clear_errors(string method, string path, string code, HttpStatusCode status) =>
        AssertError(await fleet.SendJsonAsync(new HttpMethod(method), path, null), status, code);
}
