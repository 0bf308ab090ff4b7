using Amp.Datasets.Identity;

namespace Amp.Datasets.Tests;

public class IdentityTests
{
    [Theory]
    [InlineData("_", true)]
    [InlineData("edgeandnode", true)]
    [InlineData("ns_2", true)]
    [InlineData("", false)]
    [InlineData("Upper", false)]
    [InlineData("a-b", false)]
    [InlineData("a/b", false)]
    public void Namespace_rule(string raw, bool ok) => Assert.Equal(ok, DatasetNamespace.TryParse(raw, out _, out _));

    [Theory]
    [InlineData("eth_rpc", true)]
    [InlineData("_x1", true)]
    [InlineData("1abc", false)]
    [InlineData("eth-rpc", false)]
    [InlineData("", false)]
    public void Name_rule(string raw, bool ok) => Assert.Equal(ok, DatasetName.TryParse(raw, out _, out _));

    [Fact]
    public void Errors_name_the_rule_and_the_character()
    {
        DatasetName.TryParse("eth-rpc", out _, out var error);
        Assert.Contains("'-' at position 4", error, StringComparison.Ordinal);
        Assert.Contains("lowercase", error, StringComparison.Ordinal);
        ProviderName.TryParse("my-rpc", out _, out var provider);
        Assert.Contains("no '-'", provider, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("1.0.0-rc.1+b5", true)]
    [InlineData("10.20.30", true)]
    [InlineData("1.0", false)]
    [InlineData("v1.0.0", false)]
    [InlineData("01.0.0", false)]
    [InlineData("1.0.0-01", false)]
    [InlineData("1.0.0-", false)]
    [InlineData("latest", false)]
    public void Version_is_strict_semver(string raw, bool ok) => Assert.Equal(ok, DatasetVersion.TryParse(raw, out _, out _));

    [Fact]
    public void Versions_sort_in_Amps_semver_order_not_text_order()
    {
        string[] ascending = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.0+b10", "1.0.0+b2", "2.0.0", "9.0.0", "10.0.0"];
        var parsed = ascending.Select(DatasetVersion.Parse).ToList();
        var shuffled = parsed.OrderBy(v => v.GetHashCode()).ThenBy(v => v.ToString(), StringComparer.Ordinal).ToList();
        shuffled.Sort();
        Assert.Equal(ascending, shuffled.Select(v => v.ToString()));
        Assert.True(DatasetVersion.Parse("1.0.0+1") < DatasetVersion.Parse("1.0.0+01"));
        Assert.True(DatasetVersion.Parse("1.0.0+9") < DatasetVersion.Parse("1.0.0+x"));
    }

    [Fact]
    public void Revisions_try_latest_dev_hash_then_version()
    {
        Assert.IsType<Revision.Latest>(Revision.Parse("latest"));
        Assert.IsType<Revision.Dev>(Revision.Parse("dev"));
        var hash = Assert.IsType<Revision.Hash>(Revision.Parse(new string('A', 64)));
        Assert.Equal(new string('a', 64), hash.Value.Value);
        Assert.IsType<Revision.Version>(Revision.Parse("1.2.3"));
        Assert.False(Revision.TryParse("Latest", out _, out var error));
        Assert.Contains("'latest', 'dev'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_/anvil_rpc@1.0.0", "_/anvil_rpc@1.0.0")]
    [InlineData("pkg:amp/acme/eth@latest", "acme/eth@latest")]
    public void References_parse(string raw, string expected)
    {
        Assert.True(DatasetReference.TryParse(raw, out var reference, out var error), error);
        Assert.Equal(expected, reference.ToString());
    }

    [Theory]
    [InlineData("_/anvil_rpc")]
    [InlineData("anvil_rpc@1.0.0")]
    [InlineData("_/anvil_rpc@1.0")]
    [InlineData("_/Anvil@1.0.0")]
    public void Bad_references_are_refused(string raw) => Assert.False(DatasetReference.TryParse(raw, out _, out _));

    [Fact]
    public void Table_names_are_sql_identifiers_up_to_63_characters()
    {
        Assert.True(TableName.TryParse("blocks$1", out _, out _));
        Assert.False(TableName.TryParse(new string('a', 64), out _, out _));
        Assert.False(TableName.TryParse("1t", out _, out _));
    }
}
