using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amp.Core.Jobs;

namespace Amp.Core.Tests;

public class MaterializeRawDescriptorTests
{
    private const string Hash = "e95996d82d40d5efea8580ae85968dbf8c70982abeff80019e92555df5d92ef7";

    [Theory]
    [InlineData("latest", typeof(EndBlock.Latest), "latest")]
    [InlineData("1000000", typeof(EndBlock.Absolute), "1000000")]
    [InlineData("0", typeof(EndBlock.Absolute), "0")]
    [InlineData("-100", typeof(EndBlock.BehindHead), "-100")]
    public void End_blocks_parse_Amps_three_forms(string raw, Type type, string text)
    {
        Assert.True(EndBlock.TryParse(raw, out var end, out var error), error);
        Assert.IsType(type, end);
        Assert.Equal(text, end.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Latest")]
    [InlineData("-")]
    [InlineData("--5")]
    [InlineData("+5")]
    [InlineData("1e6")]
    [InlineData("99999999999999999999")]
    public void Bad_end_blocks_name_the_accepted_forms(string raw)
    {
        Assert.False(EndBlock.TryParse(raw, out _, out var error));
        Assert.Contains("\"latest\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_descriptor_is_Amps_with_its_idempotency_key()
    {
        var d = new MaterializeRawDescriptor("_", "eth_rpc", Hash, new EndBlock.Absolute(100), 4, true);
        Assert.Equal($$"""{"kind":"materialize-raw","end_block":"100","max_writers":4,"dataset_namespace":"_","dataset_name":"eth_rpc","manifest_hash":"{{Hash}}","verify":true}""",
            d.ToJson().ToJsonString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"materialize-raw:_/eth_rpc@{Hash}"))), d.IdempotencyKey);
        Assert.Null(new MaterializeRawDescriptor("_", "eth_rpc", Hash, null, 1, false).ToJson()["end_block"]);
    }

    [Fact]
    public void A_stored_descriptor_parses_back_to_the_same_record()
    {
        var d = new MaterializeRawDescriptor("ns", "x", Hash, new EndBlock.BehindHead(5), 2, false);
        Assert.True(JobDescriptor.TryParse(d.ToJson(), out var parsed, out var error), error);
        Assert.Equal(d, parsed);
        Assert.True(JobDescriptor.TryParse(JsonNode.Parse($$"""{"kind":"materialize-raw","dataset_namespace":"_","dataset_name":"y","manifest_hash":"{{Hash}}"}""")!.AsObject(), out var defaults, out _));
        Assert.Equal(new MaterializeRawDescriptor("_", "y", Hash, null, 1, false), defaults);
    }

    [Theory]
    [InlineData("""{"kind":"materialize-raw","dataset_namespace":"_","dataset_name":"y","manifest_hash":"abc"}""", "manifest_hash")]
    [InlineData("""{"kind":"materialize-raw","dataset_namespace":"A","dataset_name":"y","manifest_hash":"HASH"}""", "dataset_namespace")]
    [InlineData("""{"kind":"materialize-raw","dataset_namespace":"_","dataset_name":"1y","manifest_hash":"HASH"}""", "dataset_name")]
    [InlineData("""{"kind":"materialize-raw","dataset_namespace":"_","dataset_name":"y","manifest_hash":"HASH","end_block":5}""", "end_block")]
    [InlineData("""{"kind":"materialize-raw","dataset_namespace":"_","dataset_name":"y","manifest_hash":"HASH","max_writers":0}""", "max_writers")]
    [InlineData("""{"kind":"materialize-raw","dataset_namespace":"_","dataset_name":"y","manifest_hash":"HASH","verify":1}""", "verify")]
    [InlineData("""{"kind":"materialize-raw","dataset_namespace":"_","dataset_name":"y","manifest_hash":"HASH","typo":1}""", "typo")]
    public void Bad_descriptors_are_refused_naming_the_field(string json, string field)
    {
        Assert.False(JobDescriptor.TryParse(JsonNode.Parse(json.Replace("HASH", Hash, StringComparison.Ordinal))!.AsObject(), out _, out var error));
        Assert.Contains(field, error, StringComparison.Ordinal);
    }
}
