using System.Text;
using System.Text.Json;
using Amp.Datasets.Manifests;

namespace Amp.Datasets.Tests;

public class ManifestHashTests
{
    [Fact]
    public void Base_rpc_fixture_canonicalises_to_Amps_bytes_and_hash()
    {
        Assert.True(RawManifest.TryParse(Fixtures.Manifest("base_rpc.json"), out var manifest, out var error), error?.Message);
        var canonical = manifest!.ToCanonicalBytes();
        Assert.Equal(Encoding.UTF8.GetString(Fixtures.Manifest(Fixtures.BaseRpcHash)), Encoding.UTF8.GetString(canonical));
        Assert.Equal(Fixtures.BaseRpcHash, manifest.Hash.Value);
    }

    [Fact]
    public void Canonical_bytes_are_a_fixed_point_and_ignore_key_order_and_unknown_keys()
    {
        RawManifest.TryParse(Fixtures.Manifest(Fixtures.BaseRpcHash), out var again, out _);
        Assert.Equal(Fixtures.BaseRpcHash, again!.Hash.Value);
        var shuffled = """{"tables":{},"extra":1,"finalized_blocks_only":false,"network":"base","kind":"evm-rpc"}""";
        RawManifest.TryParse(Encoding.UTF8.GetBytes(shuffled), out var m, out _);
        Assert.Equal("""{"kind":"evm-rpc","network":"base","start_block":0,"finalized_blocks_only":false,"tables":{}}""", Encoding.UTF8.GetString(m!.ToCanonicalBytes()));
    }

    [Fact]
    public void Generated_manifest_equals_Amps_anvil_fixture()
    {
        RawManifest.TryParse(Fixtures.Manifest("anvil_rpc.json"), out var fixture, out _);
        var generated = ManifestGenerator.EvmRpc("anvil", 0, false);
        Assert.Equal(fixture!.Hash, generated.Hash);
        RawManifest.TryParse(Fixtures.Manifest("anvil_rpc_finalized.json"), out var finalized, out _);
        Assert.Equal(finalized!.Hash, ManifestGenerator.EvmRpc("anvil", finalized.StartBlock, true).Hash);
    }

    [Fact]
    public void Strings_are_escaped_as_serde_json_does()
    {
        var json = """{"kind":"evm-rpc","network":"a\"b\\c\n\u0001é/<>","tables":{}}""";
        RawManifest.TryParse(Encoding.UTF8.GetBytes(json), out var m, out _);
        Assert.StartsWith("{\"kind\":\"evm-rpc\",\"network\":\"a\\\"b\\\\c\\n\\u0001é/<>\",", Encoding.UTF8.GetString(m!.ToCanonicalBytes()), StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_arrow_fields_are_written_in_arrow_rs_serde_order()
    {
        var json = """{"kind":"evm-rpc","network":"n","tables":{"t":{"network":"n","schema":{"arrow":{"fields":[{"nullable":true,"type":{"List":{"nullable":false,"data_type":"Utf8","name":"item"}},"name":"l"}]}}}}}""";
        Assert.True(RawManifest.TryParse(Encoding.UTF8.GetBytes(json), out var m, out var e), e?.Message);
        Assert.Contains("""{"name":"l","type":{"List":{"name":"item","data_type":"Utf8","nullable":false,"dict_id":0,"dict_is_ordered":false,"metadata":{}}},"nullable":true}""",
            Encoding.UTF8.GetString(m!.ToCanonicalBytes()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"network":"n","tables":{}}""", ManifestErrorKind.Invalid, "kind")]
    [InlineData("""{"kind":"firehose","network":"n","tables":{}}""", ManifestErrorKind.UnsupportedKind, "evm-rpc")]
    [InlineData("""{"kind":"manifest","tables":{}}""", ManifestErrorKind.UnsupportedKind, "'manifest'")]
    [InlineData("""{"kind":"evm-rpc","tables":{}}""", ManifestErrorKind.Invalid, "network")]
    [InlineData("""{"kind":"evm-rpc","network":"n"}""", ManifestErrorKind.Invalid, "tables")]
    [InlineData("""{"kind":"evm-rpc","network":"n","start_block":-1,"tables":{}}""", ManifestErrorKind.Invalid, "start_block")]
    [InlineData("""{"kind":"evm-rpc","network":"n","tables":{"bad-name":{}}}""", ManifestErrorKind.Invalid, "table name")]
    [InlineData("""{"kind":"evm-rpc","network":"n","tables":{"t":{"network":"n","schema":{"arrow":{"fields":[{"name":"x","type":"Uint64","nullable":false}]}}}}}""", ManifestErrorKind.Invalid, "fields[0].type")]
    public void Bad_manifests_are_refused_with_the_path_that_failed(string json, ManifestErrorKind kind, string mentions)
    {
        Assert.False(RawManifest.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal(kind, error!.Kind);
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_that_is_not_json_is_invalid()
    {
        Assert.False(RawManifest.TryParse("{nope"u8, out _, out var error));
        Assert.Equal(ManifestErrorKind.Invalid, error!.Kind);
        using var doc = JsonDocument.Parse("[1]");
        Assert.False(RawManifest.TryParse(doc.RootElement, out _, out _));
    }
}
