using Ampctl.Output.Query;

namespace Ampctl.Tests.Unit;

/// <summary>Unit tests (no I/O) of how <c>ampctl query</c> prints the JSON lines it receives.</summary>
public sealed class QueryResultWriterTests
{
    // Amp leaves null columns out: "hash" is missing from the first row and appears in the second.
    private static readonly string[] Lines =
    [
        """{"block_num":1,"note":"a, \"b\""}""",
        """{"block_num":22,"hash":"ab01","note":"c","list":[1,2]}""",
    ];

    private static string Print(QueryFormat format, params string[] lines)
    {
        using var stdout = new StringWriter();
        var writer = new QueryResultWriter(stdout, format);
        foreach (var line in lines)
            writer.Add(line);
        writer.Finish();
        return stdout.ToString();
    }

    [Fact]
    public void Table_has_every_column_in_order_of_first_appearance_and_a_row_count()
    {
        Assert.Equal(
            "block_num   note     hash   list\n" +
            "1           a, \"b\"\n" +
            "22          c        ab01   [1,2]\n" +
            "(2 rows)\n",
            Print(QueryFormat.Table, Lines));
        Assert.Equal("(0 rows)\n", Print(QueryFormat.Table));
    }

    [Fact]
    public void Csv_quotes_what_needs_quoting_and_leaves_missing_values_empty()
    {
        Assert.Equal("block_num,note,hash,list\n1,\"a, \"\"b\"\"\",,\n22,c,ab01,\"[1,2]\"\n", Print(QueryFormat.Csv, Lines));
    }

    [Fact]
    public void Json_is_one_array_and_jsonl_passes_the_lines_through()
    {
        Assert.Equal("[" + string.Join(",", Lines) + "]\n", Print(QueryFormat.Json, Lines));
        Assert.Equal(string.Join("\n", Lines) + "\n", Print(QueryFormat.Jsonl, Lines));
    }
}
