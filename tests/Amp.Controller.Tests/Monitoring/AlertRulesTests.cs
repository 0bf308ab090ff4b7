using System.Text.RegularExpressions;

namespace Amp.Controller.Tests.Monitoring;

/// <summary>
/// <c>docs/monitoring/alerts.yml</c> is a Prometheus rule file every rule of which an operator can act on, that
/// promtool accepts, and whose alerts fire (and stay quiet) as its unit tests <c>alerts.test.yml</c> say.
/// </summary>
public sealed partial class AlertRulesTests
{
    private static readonly AlertRuleFile File = AlertRuleFile.Load(MonitoringFiles.AlertsPath);

    public static readonly TheoryData<string> DocumentedAlerts =
    [
        "AmpWorkerInactive",
        "AmpWorkerStalled",
        "AmpWorkerVersionMismatch",
        "AmpWorkerRestartLoop",
        "AmpDuplicateWorkerStarts",
        "AmpMetadataDbDown",
        "AmpControllerDown",
        "AmpJobBacklogGrowing",
        "AmpJobsFatal",
        "AmpJobFailoverStorm",
        "AmpExtractionLagging",
    ];

    [Fact]
    public void Rule_file_has_named_groups_of_alerting_rules()
    {
        Assert.NotNull(File.Groups);
        Assert.NotEmpty(File.Groups);
        foreach (var group in File.Groups)
        {
            Assert.False(string.IsNullOrWhiteSpace(group.Name), "a group has no name");
            Assert.True(group.Rules is { Count: > 0 }, $"group {group.Name} has no rules");
        }
        Assert.Equal(File.Groups.Count, File.Groups.Select(g => g.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_rule_is_an_alert_with_expr_for_severity_summary_and_description()
    {
        var problems = new List<string>();
        foreach (var rule in File.Rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Alert))
                problems.Add($"{rule}: no alert name");
            if (string.IsNullOrWhiteSpace(rule.Expr))
                problems.Add($"{rule}: no expr");
            if (rule.For is null || !PrometheusDuration().IsMatch(rule.For))
                problems.Add($"{rule}: 'for' is '{rule.For}', not a Prometheus duration such as 5m");
            if (rule.Labels?.GetValueOrDefault("severity") is not ("critical" or "warning" or "info"))
                problems.Add($"{rule}: labels.severity is '{rule.Labels?.GetValueOrDefault("severity")}', not critical, warning or info");
            if (string.IsNullOrWhiteSpace(rule.Annotations?.GetValueOrDefault("summary")))
                problems.Add($"{rule}: no annotations.summary");
            if (string.IsNullOrWhiteSpace(rule.Annotations?.GetValueOrDefault("description")))
                problems.Add($"{rule}: no annotations.description");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(DocumentedAlerts))]
    public void Documented_alert_is_defined_once(string alert) =>
        Assert.Single(File.Alerts, r => r.Alert == alert);

    [Fact]
    public void Every_description_names_what_the_operator_runs_next()
    {
        var silent = File.Alerts
            .Where(r => !r.Annotations!["description"].Contains("ampctl ", StringComparison.Ordinal))
            .Select(r => r.Alert);
        Assert.Empty(silent);
    }

    [Fact]
    public void Alerts_about_one_worker_point_ampctl_at_that_worker()
    {
        var perWorker = File.Alerts.Where(r => r.Annotations!.Values.Any(a => a.Contains("$labels.node_id", StringComparison.Ordinal))).ToList();

        Assert.Contains(perWorker, r => r.Alert == "AmpWorkerInactive");
        Assert.Contains(perWorker, r => r.Alert == "AmpWorkerRestartLoop");
        foreach (var rule in perWorker)
            Assert.Matches(@"ampctl worker (inspect|history) \{\{ \$labels\.node_id \}\}", rule.Annotations!["description"]);
    }

    [Fact]
    public void Version_mismatch_fires_on_more_than_one_version_held_for_30_minutes()
    {
        var rule = Assert.Single(File.Alerts, r => r.Alert == "AmpWorkerVersionMismatch");

        Assert.Contains("count by (version)", rule.Expr);
        Assert.Contains("amp_worker_info", rule.Expr);
        Assert.EndsWith("> 1", rule.Expr!.Trim());
        Assert.Equal("30m", rule.For);
        Assert.Contains("ampctl worker versions", rule.Annotations!["description"]);
    }

    [Fact]
    public void Restart_loop_fires_on_more_than_3_restarts_in_15_minutes()
    {
        var rule = Assert.Single(File.Alerts, r => r.Alert == "AmpWorkerRestartLoop");

        Assert.Equal("increase(amp_worker_restarts_total[15m]) > 3", rule.Expr!.Trim());
    }

    [Fact]
    public void Controller_down_watches_the_amp_controller_scrape_job()
    {
        var rule = Assert.Single(File.Alerts, r => r.Alert == "AmpControllerDown");

        Assert.Contains("up{job=\"amp-controller\"} == 0", rule.Expr);
        Assert.Equal("critical", rule.Labels!["severity"]);
    }

    [Fact]
    public void Job_alerts_watch_the_backlog_fatal_ends_and_failovers()
    {
        var backlog = Assert.Single(File.Alerts, r => r.Alert == "AmpJobBacklogGrowing");
        var fatal = Assert.Single(File.Alerts, r => r.Alert == "AmpJobsFatal");
        var storm = Assert.Single(File.Alerts, r => r.Alert == "AmpJobFailoverStorm");

        Assert.Contains("amp_jobs_scheduled_oldest_age_seconds", backlog.Expr);
        Assert.Contains("deriv(amp_jobs_scheduled_backlog", backlog.Expr);
        Assert.Contains("increase(amp_job_fatal_total", fatal.Expr);
        Assert.Contains("ampctl job list --status fatal", fatal.Annotations!["description"]);
        Assert.Contains("increase(amp_job_failovers_total", storm.Expr);
        Assert.Equal("critical", storm.Labels!["severity"]);
    }

    [Fact]
    public void Lag_alert_subtracts_each_tables_latest_block_from_its_datasets_head_and_ignores_a_catching_up_backfill()
    {
        var lag = Assert.Single(File.Alerts, r => r.Alert == "AmpExtractionLagging");
        var expr = Regex.Replace(lag.Expr!, @"\s+", " ");

        Assert.Contains("max by (dataset) (amp_extraction_chain_head) - on (dataset) group_right max by (dataset, table) (amp_extraction_latest_block)", expr);
        Assert.Contains(") > 100", expr);
        Assert.Contains("deriv((", expr); // the gap does not shrink: a backfill that catches up is not lagging
        Assert.Contains("[15m:1m]) >= 0", expr);
        Assert.Contains("$labels.dataset", lag.Annotations!["summary"]);
        Assert.Contains("$labels.table", lag.Annotations!["summary"]);
        Assert.Contains("ampctl job progress", lag.Annotations!["description"]);
    }

    [Fact]
    public async Task Promtool_accepts_the_rule_file()
    {
        var check = await Promtool.RunAsync("check", "rules", MonitoringFiles.AlertsPath);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains($"SUCCESS: {File.Rules.Count()} rules found", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_unit_tests_of_the_rules_pass()
    {
        var run = await Promtool.RunAsync("test", "rules", MonitoringFiles.AlertTestsPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("SUCCESS", run.Stdout, StringComparison.Ordinal);
    }

    public static readonly TheoryData<string> EvaluatedAlerts =
    [
        "AmpWorkerInactive",
        "AmpNoActiveWorkers",
        "AmpWorkerStalled",
        "AmpWorkerVersionMismatch",
        "AmpWorkerRestartLoop",
        "AmpDuplicateWorkerStarts",
        "AmpWorkerDrainingTooLong",
        "AmpJobBacklogGrowing",
        "AmpJobsFatal",
        "AmpJobFailoverStorm",
        "AmpExtractionLagging",
    ];

    [Theory]
    [MemberData(nameof(EvaluatedAlerts))]
    public void Unit_tests_see_the_alert_fire_and_stay_quiet(string alert)
    {
        var tests = System.IO.File.ReadAllText(MonitoringFiles.AlertTestsPath);
        var cases = AlertCase().Matches(tests).Where(m => m.Groups["alert"].Value == alert).ToList();

        Assert.True(cases.Any(m => m.Groups["next"].Value.TrimStart().StartsWith("- exp_labels:", StringComparison.Ordinal)),
            $"{MonitoringFiles.AlertTestsPath} has no case where {alert} fires");
        Assert.True(cases.Any(m => m.Groups["inline"].Value.Trim() == "[]"),
            $"{MonitoringFiles.AlertTestsPath} has no case where {alert} stays quiet (exp_alerts: [])");
    }

    [GeneratedRegex(@"alertname: (?<alert>\w+)\n\s*exp_alerts:(?<inline>[^\n]*)\n(?<next>[^\n]*)")]
    private static partial Regex AlertCase();

    [GeneratedRegex(@"^(?:\d+(?:ms|s|m|h|d|w|y))+$")]
    private static partial Regex PrometheusDuration();
}
