using System.Globalization;
using System.Text.Json;
using Amp.Dashboard.Tests.Support;

namespace Amp.Dashboard.Tests;

/// <summary>The job page for jobs that go wrong: a failed job's error, attempts, owner and descriptor; a failover after its worker is killed.</summary>
[Collection(TokenFleetCollection.Name)]
public sealed class JobFailurePageTests(TokenFleet fleet)
{
    private async Task<long> RunSleepAsync(params string[] options)
    {
        var run = await fleet.AmpctlAsync(["job", "run", "sleep", .. options, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout).RootElement.GetProperty("job_id").GetInt64();
    }

    [Fact]
    public async Task A_failed_job_shows_its_error_attempts_owner_and_descriptor()
    {
        var id = await RunSleepAsync("--seconds", "1", "--fail", "fatal");

        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync($"#/jobs/{id}");
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("FATAL", StringComparison.Ordinal), "the job page to show FATAL");
        var job = await fleet.GetJsonAsync($"/jobs/{id}");
        Assert.Equal("FATAL", job.GetProperty("status").GetString());

        var error = await tab.WaitForTextAsync("#job-error", t => t.Length > 0, "the error detail");
        Assert.Contains("SLEEP_FAILED_FATAL", error, StringComparison.Ordinal);
        Assert.Contains("sleep job failed after 1s as asked", error, StringComparison.Ordinal);
        Assert.Equal($"{job.GetProperty("attempts").GetInt32()} of {job.GetProperty("max_attempts").GetInt32()}", await tab.FactAsync("Attempts"));
        Assert.Equal("1", (await tab.FactAsync("Attempts")).Split(' ')[0]);
        var owner = job.GetProperty("node_id").GetString()!;
        var epoch = job.GetProperty("epoch").GetInt64().ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"{owner} (epoch {epoch})", await tab.FactAsync("Owner"));
        Assert.Equal($"#/workers/{owner}", await tab.Page.EvaluateExpressionAsync<string>("document.querySelector('dl.facts a').getAttribute('href')"));

        // The descriptor is folded away; opened, it stays open across live refreshes.
        Assert.False(await DescriptorShownAsync(tab));
        await tab.Page.ClickAsync("details.descriptor > summary");
        var refreshed = await tab.TextAsync("#live");
        await tab.WaitForTextAsync("#live", t => t != refreshed && t.StartsWith("Live", StringComparison.Ordinal), "a live refresh");
        Assert.True(await DescriptorShownAsync(tab), "the descriptor folded away again on a live refresh");
        var descriptor = await tab.TextAsync("#descriptor");
        Assert.Contains("\"kind\": \"sleep\"", descriptor, StringComparison.Ordinal);
        Assert.Contains("\"fail\": \"fatal\"", descriptor, StringComparison.Ordinal);
        await tab.ScreenshotAsync("job-failed", fullPage: true);
    }

    private static Task<bool> DescriptorShownAsync(DashboardPage tab) =>
        tab.Page.EvaluateExpressionAsync<bool>("(() => { const d = document.querySelector('#descriptor'); return !!d && d.checkVisibility(); })()");

    [Fact]
    public async Task A_job_whose_worker_is_killed_moves_to_another_and_the_page_shows_the_failover_without_reload()
    {
        var victim = fleet.StartWorker("victim");
        await fleet.WaitForWorkerStatusAsync("victim", "active");
        var id = await RunSleepAsync("--seconds", "600", "--worker-id", "victim");

        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync($"#/jobs/{id}");
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("RUNNING", StringComparison.Ordinal), "the job to run on victim");
        Assert.StartsWith("victim (epoch", await tab.FactAsync("Owner"), StringComparison.Ordinal);
        Assert.Contains("None", await tab.TextAsync("#failovers"), StringComparison.Ordinal);
        await tab.MarkAsync();

        victim.Kill9();
        var failover = (await Amp.Testing.Eventually.ValueAsync(() => tab.RowsAsync("failovers"), rows => rows.Length > 0,
            "the failovers table to list the move", DashboardPage.Patience)).Single();
        Assert.Equal("victim", failover["From"]);
        Assert.NotEqual("victim", failover["To"]);
        Assert.NotEqual("", failover["To"]);
        Assert.Contains("victim is inactive", failover["Why"], StringComparison.Ordinal);
        var events = await tab.WaitForTextAsync("#events", t => t.Contains("failover", StringComparison.Ordinal), "the failover in the events timeline");
        Assert.Contains("SCHEDULED on " + failover["To"], events, StringComparison.Ordinal);
        await tab.WaitForTextAsync("dl.facts", t => t.Contains(failover["To"] + " (epoch", StringComparison.Ordinal), "the new owner in the facts");
        Assert.True(await tab.StillMarkedAsync(), "the page reloaded");
        await tab.ScreenshotAsync("job-failover", fullPage: true);

        Assert.Equal(200, (int)(await fleet.Http.PutAsync(new Uri($"{fleet.BaseUrl}/jobs/{id}/stop"), null)).StatusCode);
    }
}
