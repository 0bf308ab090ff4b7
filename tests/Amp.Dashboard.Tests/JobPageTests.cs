using System.Globalization;
using System.Text.Json;
using Amp.Dashboard.Tests.Support;
using Amp.Testing;

namespace Amp.Dashboard.Tests;

/// <summary>Deploying from the dataset page, a job's progress advancing live, the jobs list's filters and the stop action.</summary>
[Collection(TokenFleetCollection.Name)]
public sealed class JobPageTests(TokenFleet fleet)
{
    [Fact]
    public async Task Deploy_from_the_dataset_page_starts_a_job_whose_progress_advances_without_reload()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(20);
        var name = await AnvilDataset.RegisterAsync(fleet, anvil, "dashanvil");

        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/datasets");
        await tab.WaitForRowAsync("datasets", "_/" + name, r => r["Latest version"] == "1.0.0", "the dataset in the datasets table");
        var provider = await tab.WaitForRowAsync("providers", "dashanvil", _ => true, "the provider in the providers table");
        Assert.Contains("auth_token = ********", provider["Settings"], StringComparison.Ordinal);
        Assert.DoesNotContain(AnvilDataset.Secret, await tab.Page.GetContentAsync(), StringComparison.Ordinal);
        await tab.ScreenshotAsync("datasets");

        await tab.GoAsync($"#/datasets/_/{name}");
        await tab.WaitForRowAsync("versions", "1.0.0 (shown)", _ => true, "version 1.0.0 in the versions table");
        await tab.WaitForTextAsync("#tables", t => t.Contains("blocks", StringComparison.Ordinal) && t.Contains("logs", StringComparison.Ordinal), "the version's tables");
        await tab.ClickButtonAsync("Deploy…");
        await tab.ClickButtonAsync("Confirm deploy");
        var status = await tab.WaitForTextAsync(".action-status", t => t.StartsWith("Scheduled job", StringComparison.Ordinal), "the deploy's outcome");
        var jobId = AnvilDataset.ParseJobId(status);

        var blocks = await tab.WaitForRowAsync("tables", "blocks", r => r["Files"] != "0" && r["Current block"] != "—" && r["Active revision"] != "—",
            "the blocks table's files, size and active revision on the dataset page");
        var revision = await tab.WaitForRowAsync("revisions", blocks["Active revision"], _ => true, "the blocks table's active revision in the revisions table");
        Assert.Equal("blocks", revision["Table"]);
        Assert.Equal("active", revision["State"]);
        Assert.Equal(jobId.ToString(CultureInfo.InvariantCulture), revision["Writer job"]);
        Assert.Contains($"/{name}/blocks/", revision["Path"], StringComparison.Ordinal);
        await tab.ScreenshotAsync("dataset", fullPage: true);

        // The dataset page's query box runs SQL over the blocks just extracted, through the real query server.
        await tab.Page.EvaluateFunctionAsync("sql => { document.querySelector('#q-sql').value = sql; }", $"SELECT block_num, hash FROM {name}.blocks ORDER BY block_num LIMIT 5");
        await tab.ClickButtonAsync("Run query");
        var summary = await tab.WaitForTextAsync("#query-result", t => t.Contains("row", StringComparison.Ordinal) || t.Contains("ERROR", StringComparison.Ordinal) || t.Contains("QUERY_", StringComparison.Ordinal),
            "the query over the dataset's blocks");
        Assert.StartsWith("5 rows", summary, StringComparison.Ordinal);
        var rows = await tab.RowsAsync("query-rows");
        Assert.Equal(["0", "1", "2", "3", "4"], rows.Select(r => r["block_num"]));
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", r["hash"]));
        Assert.Equal((await anvil.BlockAsync(0, fullTransactions: false))["hash"]!.GetValue<string>()[2..], rows[0]["hash"]);
        await tab.Page.EvaluateExpressionAsync("document.querySelector('#query-h').scrollIntoView()");
        await tab.ScreenshotAsync("query");

        await tab.GoAsync($"#/jobs/{jobId}");
        var first = await tab.WaitForRowAsync("progress", "blocks", r => Block(r) >= 20, "the job to reach block 20 on the job page");
        await tab.MarkAsync();
        await anvil.MineAsync(40);
        var later = await tab.WaitForRowAsync("progress", "blocks", r => Block(r) >= 60, "the job's current block to advance to 60 without reload");
        Assert.True(Block(later) > Block(first));
        Assert.True(await tab.StillMarkedAsync(), "the page reloaded");
        // The job reports the chain head with its progress, a little behind the files it registers.
        await tab.WaitForTextAsync("#chain-head", t => long.TryParse(t.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture, out var head) && head >= 60,
            "the chain head shown to reach anvil's head (60)");
        await tab.WaitForRowAsync("progress", "blocks", r => r["Blocks/s"] != "—", "a blocks/s figure");
        // The head is the worker's sample, shown with its time (it may trail the files registered since).
        Assert.Contains("reported by the worker at", await tab.Page.EvaluateExpressionAsync<string>("document.querySelector('#chain-head').parentElement.innerText"), StringComparison.Ordinal);
        Assert.True(await tab.CountAsync("figure svg.chart polyline") > 0, "no progress chart line");
        Assert.Contains("materialize-raw", await tab.TextAsync("dl.facts"), StringComparison.Ordinal);
        Assert.Contains("SCHEDULED", await tab.TextAsync("#events"), StringComparison.Ordinal);
        await tab.ScreenshotAsync("job");

        Assert.Equal(200, (int)(await fleet.Http.PutAsync(new Uri($"{fleet.BaseUrl}/jobs/{jobId}/stop"), null)).StatusCode);
    }

    [Fact]
    public async Task Jobs_page_filters_by_status_and_kind_and_the_stop_action_stops_a_job()
    {
        var run = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "600", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("job_id").GetInt64().ToString(CultureInfo.InvariantCulture);

        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/jobs?kind=sleep");
        var row = await tab.WaitForRowAsync("jobs", id, r => r["Status"] is "RUNNING" or "SCHEDULED", "the sleep job among active sleep jobs");
        Assert.Equal("sleep", row["Kind"]);
        await tab.GoAsync("#/jobs?status=all&kind=materialize-raw");
        await tab.WaitForTextAsync("#jobs caption", t => t.Contains("materialize-raw", StringComparison.Ordinal), "the materialize-raw filter");
        Assert.Equal("", await tab.RowTextAsync("jobs", id));
        await tab.GoAsync("#/jobs?status=COMPLETED");
        await tab.WaitForTextAsync("#jobs caption", t => t.Contains("COMPLETED", StringComparison.Ordinal), "the COMPLETED filter");
        Assert.Equal("", await tab.RowTextAsync("jobs", id));

        await tab.GoAsync($"#/jobs/{id}");
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("RUNNING", StringComparison.Ordinal), "the job page to show RUNNING");
        await tab.ClickButtonAsync("Stop…");
        await tab.ClickButtonAsync("Confirm stop");
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("STOPPED", StringComparison.Ordinal), "the job page to show STOPPED after the stop action");
        Assert.Equal("STOPPED", (await fleet.GetJsonAsync($"/jobs/{id}")).GetProperty("status").GetString());
        Assert.Contains("STOPPED", await tab.TextAsync("#events"), StringComparison.Ordinal);
    }

    private static long Block(Dictionary<string, string> row) =>
        long.TryParse(row["Current block"].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture, out var b) ? b : -1;
}
