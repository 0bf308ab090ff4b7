using Ampctl.Output.Workers;

namespace Ampctl.Tests.Unit;

public sealed class WorkerInventoryTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData(" spaces kept ", " spaces kept ")]
    public void Csv_fields_are_quoted_only_when_rfc_4180_requires_it(string value, string expected) =>
        Assert.Equal(expected, WorkerInventory.CsvField(value));
}
