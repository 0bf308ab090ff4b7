using System.Net;
using System.Text.RegularExpressions;

namespace Amp.Controller.Tests.Monitoring;

/// <summary>
/// A real <c>ampd controller</c> with one real <c>ampd worker --node-id w1</c>, on a fresh metadata database
/// whose URL carries a password (the test server trusts local connections, so it is never checked).
/// </summary>
public sealed class OneWorkerFleet() : AmpFleet(["w1"])
{
    public const string PasswordCanary = "canary-pw-6f1d0c";

    protected override async Task<string> PrepareDatabaseAsync()
    {
        var url = await base.PrepareDatabaseAsync().ConfigureAwait(false);
        return url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "password=" + PasswordCanary;
    }
}

/// <summary>
/// End to end: the metrics the alert rules, the dashboard and the README name are the ones a real controller
/// serves at <c>/metrics</c>, and they describe the running worker.
/// </summary>
public sealed partial class MetricsScrapeTests(OneWorkerFleet fleet) : IClassFixture<OneWorkerFleet>
{
    private async Task<PrometheusScrape> ScrapeAsync()
    {
        var response = await fleet.GetAsync("/metrics");
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal("text/plain", response.ContentType);
        return PrometheusScrape.Parse(response.Body);
    }

    /// <summary>Scrapes until the worker is in every fleet metric (it is registered before the first scrape, but polling costs nothing).</summary>
    private Task<PrometheusScrape> ScrapeWithWorkerAsync() =>
        Eventually.ValueAsync(ScrapeAsync,
            s => s.Value("amp_workers", ("status", "active")) == 1 && s.Value("amp_worker_info", ("node_id", "w1")) is not null,
            "amp_workers{status=\"active\"} 1 and amp_worker_info{node_id=\"w1\"} in /metrics");

    [Fact]
    public async Task Every_metric_named_by_an_alert_rule_or_a_dashboard_panel_is_served_by_the_controller()
    {
        // An Admin API request first, so the request histogram has samples (prometheus-net shows a labelled
        // histogram only once it has observed something).
        Assert.Equal(HttpStatusCode.OK, (await fleet.GetAsync("/workers")).Status);
        var scrape = await ScrapeWithWorkerAsync();

        var used = new List<(string Where, string Metric)>();
        foreach (var rule in AlertRuleFile.Load(MonitoringFiles.AlertsPath).Rules)
            used.AddRange(PromQl.MetricNames(rule.Expr ?? "").Select(m => ($"alert {rule}", m)));
        var dashboard = GrafanaDashboard.Load(MonitoringFiles.DashboardPath);
        foreach (var target in dashboard.Targets)
            used.AddRange(PromQl.MetricNames(target.Expr ?? "").Select(m => ($"panel '{target.Panel}' {target.RefId}", m)));
        foreach (var (name, query) in dashboard.Variables)
            used.AddRange(PromQl.MetricNames(query ?? "").Select(m => ($"variable ${name}", m)));

        var missing = used
            .Where(u => u.Metric != PromQl.PrometheusSideMetric && !PromQl.IsExtractionMetric(u.Metric) && !PromQl.IsServed(u.Metric, scrape.Names))
            .Select(u => $"{u.Metric} (used by {u.Where})")
            .Distinct()
            .ToList();
        Assert.NotEmpty(used);
        Assert.True(missing.Count == 0,
            $"not in the controller's /metrics:\n  {string.Join("\n  ", missing)}\nserved:\n  {string.Join("\n  ", scrape.Names.Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public async Task Running_worker_is_counted_active_with_its_build_and_a_fresh_heartbeat()
    {
        var scrape = await ScrapeWithWorkerAsync();

        Assert.Equal(1, scrape.Value("amp_workers", ("status", "active")));
        Assert.Equal(0, scrape.Value("amp_workers", ("status", "stalled")));
        Assert.Equal(0, scrape.Value("amp_workers", ("status", "inactive")));
        Assert.Equal(1, scrape.Value("amp_metadata_db_up"));
        Assert.Equal(0, scrape.Value("amp_worker_draining", ("node_id", "w1")));
        var info = Assert.Single(scrape.Samples, s => s.Name == "amp_worker_info");
        Assert.Equal("w1", info.Labels["node_id"]);
        Assert.False(string.IsNullOrEmpty(info.Labels["version"]));
        Assert.Matches("^([0-9a-f]{40}|unknown)$", info.Labels["commit_sha"]);
        var age = Assert.Single(scrape.Samples, s => s.Name == "amp_worker_heartbeat_age_seconds");
        Assert.Equal(info.Labels["version"], age.Labels["version"]);
        Assert.InRange(age.Value, 0, 5);
    }

    [Fact]
    public async Task Refused_duplicate_start_is_counted_in_amp_worker_duplicate_starts_total()
    {
        var before = (await ScrapeWithWorkerAsync()).Value("amp_worker_duplicate_starts_total") ?? 0;

        var contender = AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", "w1"], fleet.AmpdEnvironment);
        await using (contender)
        {
            Assert.Equal(1, await contender.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.True(contender.Printed("worker node ID 'w1' is already in use"), contender.Output);
        }

        var after = await Eventually.ValueAsync(ScrapeAsync, s => s.Value("amp_worker_duplicate_starts_total") > before,
            "amp_worker_duplicate_starts_total to count the refused start");
        Assert.Equal(before + 1, after.Value("amp_worker_duplicate_starts_total"));
        Assert.Equal(1, after.Value("amp_workers", ("status", "active")));
    }

    [Fact]
    public async Task Job_series_follow_jobs_while_they_run_and_end()
    {
        var before = await ScrapeWithWorkerAsync();
        var fatalBefore = before.Value("amp_job_fatal_total", ("kind", "sleep")) ?? 0;
        var dispatchedBefore = before.Value("amp_job_dispatch_latency_seconds_count", ("kind", "sleep")) ?? 0;

        var running = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "60", "--json");
        Assert.True(running.ExitCode == 0, running.ToString());
        var id = System.Text.Json.JsonDocument.Parse(running.Stdout).RootElement.GetProperty("job_id").GetInt64();
        var whileRunning = await Eventually.ValueAsync(ScrapeAsync, s => s.Value("amp_jobs", ("status", "RUNNING")) >= 1,
            "amp_jobs{status=\"RUNNING\"} to count the running job");
        Assert.Equal(0, whileRunning.Value("amp_jobs_scheduled_backlog"));
        Assert.True(whileRunning.Value("amp_job_dispatch_latency_seconds_count", ("kind", "sleep")) > dispatchedBefore);

        var fatal = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "0", "--fail", "fatal", "--wait", "--timeout", "60s");
        Assert.True(fatal.ExitCode == 1, fatal.ToString());
        var after = await Eventually.ValueAsync(ScrapeAsync, s => s.Value("amp_job_fatal_total", ("kind", "sleep")) > fatalBefore,
            "amp_job_fatal_total{kind=\"sleep\"} to count the FATAL job");
        Assert.Equal(fatalBefore + 1, after.Value("amp_job_fatal_total", ("kind", "sleep")));
        Assert.True(after.Value("amp_job_run_duration_seconds_count", ("kind", "sleep"), ("outcome", "FATAL")) >= 1);
        Assert.True(after.Value("amp_jobs", ("status", "FATAL")) >= 1);
        await fleet.AmpctlAsync("job", "stop", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Metrics_never_show_the_metadata_database_password()
    {
        var scrape = await ScrapeWithWorkerAsync();

        Assert.Contains(scrape.Names, n => n.StartsWith("npgsql_", StringComparison.Ordinal));
        Assert.DoesNotContain(OneWorkerFleet.PasswordCanary, scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readme_lists_every_amp_metric_the_controller_serves_and_no_other()
    {
        var scrape = await ScrapeWithWorkerAsync();
        var readme = await File.ReadAllTextAsync(MonitoringFiles.ReadmePath);

        var documented = DocumentedMetric().Matches(readme).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var servedAmp = scrape.Names.Where(n => n.StartsWith("amp_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(servedAmp.Where(n => !documented.Contains(n)).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Where(n => !PromQl.IsExtractionMetric(n) && !PromQl.IsServed(n, scrape.Names)).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"\b(?:amp|http|process|dotnet|npgsql)_[a-z0-9_]*[a-z0-9]\b")]
    private static partial Regex DocumentedMetric();
}
