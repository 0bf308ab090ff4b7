using Amp.Dashboard.Tests.Support;

namespace Amp.Dashboard.Tests;

/// <summary>The query box against the real JSON Lines server that ampd solo serves on jsonl_addr.</summary>
[Collection(TokenFleetCollection.Name)]
public sealed class QueryBoxTests(TokenFleet fleet)
{
    [Fact]
    public async Task Query_box_returns_rows_up_to_the_row_limit()
    {
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/datasets");
        await tab.WaitForTextAsync("#datasets", t => t.Length > 0, "the datasets table");
        await tab.Page.EvaluateExpressionAsync("document.querySelector('#q-sql').value = 'SELECT 1 AS one UNION ALL SELECT 2 UNION ALL SELECT 3'");
        await tab.Page.EvaluateExpressionAsync("document.querySelector('#q-limit').value = '2'");
        await tab.ClickButtonAsync("Run query");
        var summary = await tab.WaitForTextAsync("#query-result", t => t.Contains("rows", StringComparison.Ordinal) || t.Contains("ERROR", StringComparison.Ordinal) || t.Contains("QUERY_", StringComparison.Ordinal), "the query's answer");
        Assert.Contains("2 rows (row limit 2 reached; more rows exist)", summary, StringComparison.Ordinal);
        Assert.Equal(2, await tab.CountAsync("#query-rows tbody tr"));
        Assert.Contains("one", await tab.TextAsync("#query-rows thead"), StringComparison.Ordinal);
        await tab.ScreenshotAsync("query-limit");
    }
}
