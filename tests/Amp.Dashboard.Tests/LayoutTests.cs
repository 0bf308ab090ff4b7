using System.Text.Json;
using Amp.Dashboard.Tests.Support;
using Amp.Testing;

namespace Amp.Dashboard.Tests;

/// <summary>The pages at a phone's width (390 px): the page itself never scrolls sideways; only tables scroll in their frame.</summary>
[Collection(TokenFleetCollection.Name)]
public sealed class LayoutTests(TokenFleet fleet)
{
    [Fact]
    public async Task Job_dataset_and_worker_pages_fit_a_phone_width_with_only_tables_scrolling()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(10);
        var name = await AnvilDataset.RegisterAsync(fleet, anvil, "phoneanvil");
        var deploy = await fleet.AmpctlAsync("dataset", "deploy", $"_/{name}@1.0.0", "--json");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        var jobId = JsonDocument.Parse(deploy.Stdout).RootElement.GetProperty("job_id").GetInt64();

        await using var tab = await fleet.NewPageAsync(390, 844);
        await tab.OpenAsync($"#/datasets/_/{name}");
        await tab.WaitForRowAsync("tables", "blocks", r => r["Active revision"] != "—", "the dataset's tables with an active revision");
        await tab.WaitForTextAsync("#revisions", t => t.Contains($"/{name}/blocks/", StringComparison.Ordinal), "the revisions table");
        await AssertFitsAsync(tab, "dataset");
        await tab.ScreenshotAsync("dataset-phone", fullPage: true);

        await tab.GoAsync($"#/jobs/{jobId}");
        await tab.WaitForRowAsync("progress", "blocks", r => r["Current block"] != "—", "the job's progress");
        await tab.Page.ClickAsync("details.descriptor > summary");
        await tab.WaitForTextAsync("#descriptor", t => t.Contains("materialize-raw", StringComparison.Ordinal), "the descriptor");
        await AssertFitsAsync(tab, "job");
        await tab.ScreenshotAsync("job-phone", fullPage: true);

        await tab.GoAsync("#/workers/worker");
        await tab.WaitForRowAsync("incarnations", (await fleet.GetJsonAsync("/workers/worker")).GetProperty("epoch").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => true, "solo's worker's incarnations");
        await AssertFitsAsync(tab, "worker");
        await tab.ScreenshotAsync("worker-phone", fullPage: true);

        Assert.Equal(200, (int)(await fleet.Http.PutAsync(new Uri($"{fleet.BaseUrl}/jobs/{jobId}/stop"), null)).StatusCode);
    }

    private static async Task AssertFitsAsync(DashboardPage tab, string page)
    {
        var overflow = await tab.SidewaysOverflowAsync();
        Assert.True(overflow.Length == 0, $"the {page} page scrolls sideways at 390 px: " + string.Join("; ", overflow.Take(10)));
        Assert.Equal(390, await tab.Page.EvaluateExpressionAsync<int>("document.documentElement.clientWidth"));
    }
}
