using Ampctl.Output;

namespace Ampctl.Tests.Unit;

public sealed class CompactJsonTests
{
    [Fact]
    public void Whitespace_between_tokens_is_removed()
    {
        Assert.Equal("""{"a":[1,2,{"b":null}],"c":true}""", CompactJson.Compact("{\r\n  \"a\" : [ 1,\t2, { \"b\": null } ],\n  \"c\": true\n}\n"));
    }

    [Fact]
    public void Strings_are_kept_verbatim_with_their_spaces_and_escapes()
    {
        const string json = """{ "s": "a  b \" } { \\ \u00e9 \n" , "t" : "\\" }""";
        Assert.Equal("""{"s":"a  b \" } { \\ \u00e9 \n","t":"\\"}""", CompactJson.Compact(json));
    }

    [Fact]
    public void Canned_worker_compacts_to_its_one_line_form() =>
        Assert.Equal(Fakes.CannedWorkers.Worker01Compact, CompactJson.Compact(Fakes.CannedWorkers.Worker01));
}
