using Amp.Core.Workers;

namespace Amp.Core.Tests;

public class NodeIdTests
{
    [Theory]
    [InlineData("worker")]
    [InlineData("worker-01")]
    [InlineData("w")]
    [InlineData("Worker_raw.eth-mainnet.01")]
    public void Valid_ids_parse_and_keep_their_text(string raw)
    {
        Assert.True(NodeId.TryParse(raw, out var id, out var error), error);
        Assert.Equal(raw, id.Value);
    }

    [Fact]
    public void Id_of_255_characters_is_accepted() =>
        Assert.True(NodeId.TryParse("a" + new string('b', 254), out _, out _));

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData(null, "must not be empty")]
    [InlineData("1abc", "must start with an ASCII letter")]
    [InlineData("-abc", "must start with an ASCII letter")]
    [InlineData("a b", "invalid character ' ' (space) at position 2")]
    [InlineData("a/b", "invalid character '/' at position 2")]
    [InlineData("é1", "must start with an ASCII letter")]
    [InlineData("aé", "not ASCII")]
    [InlineData("Ωnode", "must start with an ASCII letter")]
    [InlineData("a\tb", "control character")]
    [InlineData("w*", "invalid character '*'")]
    public void Invalid_ids_are_rejected_with_the_broken_rule(string? raw, string rule)
    {
        Assert.False(NodeId.TryParse(raw, out _, out var error));
        Assert.StartsWith("Invalid worker ID '", error);
        Assert.Contains(rule, error);
    }

    [Fact]
    public void Id_of_256_characters_is_rejected_for_its_length()
    {
        Assert.False(NodeId.TryParse("a" + new string('b', 255), out _, out var error));
        Assert.Contains("at most 255 characters (got 256)", error);
        Assert.True(error.Length < 200, "the message shortens the echoed ID");
    }

    [Fact]
    public void Parse_throws_for_an_invalid_id() =>
        Assert.Throws<FormatException>(() => NodeId.Parse("9lives"));
}
