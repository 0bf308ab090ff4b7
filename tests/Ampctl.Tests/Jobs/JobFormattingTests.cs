using System.Text;
using System.Text.Json;
using Amp.AdminClient.Jobs;
using Ampctl.Output.Jobs;

namespace Ampctl.Tests.Jobs;

public sealed class JobFormattingTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1.0 KB")]
    [InlineData(1536L, "1.5 KB")]
    [InlineData(1048576L, "1.0 MB")]
    [InlineData(1073741824L, "1.0 GB")]
    [InlineData(1099511627776L, "1.0 TB")]
    [InlineData(3298534883328L, "3.0 TB")]
    public void Sizes_are_1024_based_with_one_decimal(long bytes, string expected) =>
        Assert.Equal(expected, ByteSizes.Format(bytes));

    [Theory]
    [InlineData("error_code", "Error Code")]
    [InlineData("from_node", "From Node")]
    [InlineData("reason", "Reason")]
    [InlineData("a__b", "A  B")]
    public void Keys_are_title_cased(string key, string expected) => Assert.Equal(expected, DetailText.TitleCase(key));

    [Fact]
    public void An_error_payload_without_a_message_is_an_unknown_error()
    {
        var sb = new StringBuilder();
        DetailText.AppendError(sb, JsonDocument.Parse("""{"foo":1}""").RootElement);

        Assert.Equal("\n✖ Unknown error\n", sb.ToString());
    }

    [Fact]
    public void A_detail_that_is_not_an_object_is_shown_as_indented_json()
    {
        var sb = new StringBuilder();
        DetailText.AppendFields(sb, "Detail", JsonDocument.Parse("""[1,"ü"]""").RootElement);

        Assert.Equal("\nDetail\n──────\n  [\n    1,\n    \"ü\"\n  ]\n", sb.ToString());
    }

    [Fact]
    public void Summaries_name_each_kind_in_one_line()
    {
        Assert.Equal("sleep 0s", DescriptorText.Summary(new SleepDescriptor(0)));
        Assert.Equal("sleep 10s (then fail: fatal)", DescriptorText.Summary(new SleepDescriptor(10, SleepFailure.Fatal)));
        Assert.Equal("materialize-raw eth/blocks@abcdef0", DescriptorText.Summary(new MaterializeRawDescriptor("eth", "blocks", "abcdef0123")));
        Assert.Equal("(no kind)", DescriptorText.Summary(new OtherDescriptor("")));
    }

    [Fact]
    public void Attempts_read_naturally()
    {
        Assert.Equal("2/10", JobListView.Attempts(2, 10, "/"));
        Assert.Equal("2 of 10", JobListView.Attempts(2, 10, " of "));
        Assert.Equal("2", JobListView.Attempts(2, null, " of "));
    }
}
