using System.Net;
using static Amp.Controller.Tests.Datasets.RegistryFleet;

namespace Amp.Controller.Tests.Datasets;

/// <summary>/datasets against a real controller: registration, tags in semver order, revisions, removal.</summary>
[Collection(RegistryCollection.Name)]
public sealed class DatasetApiTests(RegistryFleet fleet)
{
    private static string Manifest(ulong startBlock) =>
        Fixture("manifests/anvil_rpc.json").Replace("\"start_block\": 0", $"\"start_block\": {startBlock}", StringComparison.Ordinal);

    private Task<ApiResponse> RegisterAsync(string name, string? version, string manifest) =>
        fleet.PostAsync("/datasets", $$"""{"namespace":"d_ns","name":"{{name}}"{{(version is null ? "" : $",\"version\":\"{version}\"")}},"manifest":{{manifest}}}""");

    [Fact]
    public async Task Registering_is_idempotent_and_answers_Amps_body()
    {
        var first = await RegisterAsync("idem", "1.0.0", Manifest(100));
        AssertStatus(first, HttpStatusCode.Created);
        var j = first.Json;
        Assert.Equal(("d_ns", "idem", "1.0.0", "evm-rpc", 100UL, false), (j.GetProperty("namespace").GetString(), j.GetProperty("name").GetString(),
            j.GetProperty("version").GetString(), j.GetProperty("kind").GetString(), j.GetProperty("start_block").GetUInt64(), j.GetProperty("finalized_blocks_only").GetBoolean()));
        Assert.Equal(["blocks", "transactions", "logs"], j.GetProperty("tables").EnumerateArray().Select(t => t.GetString()));
        var second = await RegisterAsync("idem", "1.0.0", Manifest(100));
        AssertStatus(second, HttpStatusCode.Created);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(3L, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM tags WHERE namespace = 'd_ns' AND name = 'idem'"));
        Assert.Equal(1L, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM dataset_manifests WHERE namespace = 'd_ns' AND name = 'idem'"));
    }

    [Fact]
    public async Task Latest_is_the_highest_semver_and_dev_the_last_registration()
    {
        var h2 = (await RegisterAsync("order", "2.0.0", Manifest(2))).Json.GetProperty("manifest_hash").GetString();
        var h10 = (await RegisterAsync("order", "10.0.0", Manifest(10))).Json.GetProperty("manifest_hash").GetString();
        var h9 = (await RegisterAsync("order", "9.0.0", Manifest(9))).Json.GetProperty("manifest_hash").GetString();
        var hDev = (await RegisterAsync("order", null, Manifest(11))).Json.GetProperty("manifest_hash").GetString();

        var versions = (await fleet.GetAsync("/datasets/d_ns/order/versions")).Json;
        Assert.Equal(["10.0.0", "9.0.0", "2.0.0"], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        Assert.Equal("10.0.0", versions.GetProperty("special_tags").GetProperty("latest").GetString());
        Assert.Equal(hDev, versions.GetProperty("special_tags").GetProperty("dev").GetString());
        Assert.EndsWith("Z", versions.GetProperty("versions")[0].GetProperty("created_at").GetString(), StringComparison.Ordinal);

        Assert.Equal(h10, (await fleet.GetAsync("/datasets/d_ns/order/versions/latest")).Json.GetProperty("manifest_hash").GetString());
        Assert.Equal(hDev, (await fleet.GetAsync("/datasets/d_ns/order/versions/dev")).Json.GetProperty("manifest_hash").GetString());
        var byHash = await fleet.GetAsync($"/datasets/d_ns/order/versions/{h9}");
        Assert.Equal(9UL, byHash.Json.GetProperty("start_block").GetUInt64());
        Assert.Equal(h2, (await fleet.GetAsync("/datasets/d_ns/order/versions/2.0.0")).Json.GetProperty("manifest_hash").GetString());

        var list = (await fleet.GetAsync("/datasets")).Json.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "order");
        Assert.Equal("10.0.0", list.GetProperty("latest_version").GetString());
        Assert.Equal("10.0.0", (await fleet.GetAsync("/datasets/d_ns/order")).Json.GetProperty("latest_version").GetString());

        var manifest = await fleet.GetAsync("/datasets/d_ns/order/versions/9.0.0/manifest");
        Assert.StartsWith("{\"kind\":\"evm-rpc\",\"network\":\"anvil\",\"start_block\":9,", manifest.Body, StringComparison.Ordinal);

        AssertError(await fleet.DeleteAsync("/datasets/d_ns/order/versions/10.0.0"), HttpStatusCode.BadRequest, "CANNOT_DELETE_LATEST_VERSION");
        AssertStatus(await fleet.DeleteAsync("/datasets/d_ns/order/versions/2.0.0"), HttpStatusCode.NoContent);
        AssertError(await fleet.GetAsync("/datasets/d_ns/order/versions/2.0.0"), HttpStatusCode.NotFound, "DATASET_NOT_FOUND");
        AssertStatus(await fleet.DeleteAsync("/datasets/d_ns/order/versions/2.0.0"), HttpStatusCode.NoContent);

        AssertStatus(await fleet.DeleteAsync("/datasets/d_ns/order"), HttpStatusCode.NoContent);
        AssertError(await fleet.GetAsync("/datasets/d_ns/order/versions/latest"), HttpStatusCode.NotFound, "DATASET_NOT_FOUND");
        AssertError(await fleet.GetAsync("/datasets/d_ns/order"), HttpStatusCode.NotFound, "DATASET_NOT_FOUND");
        Assert.Equal(0L, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM manifest_files WHERE hash = $1", h9!));
    }

    [Fact]
    public async Task A_stored_hash_registers_and_a_hash_of_another_dataset_does_not_resolve()
    {
        var hash = (await fleet.PostAsync("/manifests", Manifest(55))).Json.GetProperty("hash").GetString();
        AssertStatus(await RegisterAsync("by_hash", "0.1.0", $"\"{hash}\""), HttpStatusCode.Created);
        AssertStatus(await fleet.GetAsync($"/datasets/d_ns/by_hash/versions/{hash}"), HttpStatusCode.OK);
        AssertError(await fleet.GetAsync($"/datasets/d_ns/other/versions/{hash}"), HttpStatusCode.NotFound, "DATASET_NOT_FOUND");
        AssertError(await RegisterAsync("by_hash", null, "\"" + new string('2', 64) + "\""), HttpStatusCode.NotFound, "MANIFEST_NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"namespace":"Bad","name":"x","manifest":{}}""", "INVALID_PAYLOAD_FORMAT")]
    [InlineData("""{"namespace":"_","name":"1x","manifest":{}}""", "INVALID_PAYLOAD_FORMAT")]
    [InlineData("""{"namespace":"_","name":"x","version":"1.0","manifest":{}}""", "INVALID_PAYLOAD_FORMAT")]
    [InlineData("""{"namespace":"_","name":"x","version":"latest","manifest":{}}""", "INVALID_PAYLOAD_FORMAT")]
    [InlineData("""{"namespace":"_","name":"x"}""", "INVALID_PAYLOAD_FORMAT")]
    [InlineData("""{"namespace":"_","name":"x","manifest":{},"typo":1}""", "INVALID_PAYLOAD_FORMAT")]
    [InlineData("""{"namespace":"_","name":"x","manifest":"not-a-hash"}""", "INVALID_MANIFEST")]
    [InlineData("""{"namespace":"_","name":"x","manifest":{"kind":"solana","tables":{}}}""", "UNSUPPORTED_DATASET_KIND")]
    [InlineData("not json", "INVALID_PAYLOAD_FORMAT")]
    public async Task Bad_registrations_are_400_and_change_nothing(string body, string code)
    {
        var before = await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM tags");
        AssertError(await fleet.PostAsync("/datasets", body), HttpStatusCode.BadRequest, code);
        Assert.Equal(before, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM tags"));
    }

    [Theory]
    [InlineData("GET", "/datasets/Bad/x/versions")]
    [InlineData("GET", "/datasets/_/x/versions/1.0")]
    [InlineData("GET", "/datasets/_/x-y/versions/latest/manifest")]
    [InlineData("GET", "/datasets/_/x/versions/v1/jobs")]
    [InlineData("DELETE", "/datasets/_/x/versions/latest")]
    [InlineData("DELETE", "/datasets/_/X")]
    [InlineData("GET", "/datasets/_/X")]
    public async Task Bad_paths_are_400_INVALID_PATH(string method, string path) =>
        AssertError(await fleet.SendJsonAsync(new HttpMethod(method), path, null), HttpStatusCode.BadRequest, "INVALID_PATH");

    [Theory]
    [InlineData("/datasets/_/nothing/versions/latest")]
    [InlineData("/datasets/_/nothing/versions/dev/manifest")]
    [InlineData("/datasets/_/nothing/versions/1.0.0/jobs")]
    public async Task Unknown_datasets_are_404(string path) => AssertError(await fleet.GetAsync(path), HttpStatusCode.NotFound, "DATASET_NOT_FOUND");

    [Fact]
    public async Task Versions_of_an_unknown_dataset_are_an_empty_list() =>
        Assert.Equal(0, (await fleet.GetAsync("/datasets/_/nothing/versions")).Json.GetProperty("versions").GetArrayLength());
}
