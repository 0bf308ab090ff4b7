using System.Text.Json;

namespace Amp.Controller.Tests.Monitoring;

/// <summary><c>docs/monitoring/grafana-dashboard.json</c> imports into Grafana and every panel queries Prometheus.</summary>
public sealed class GrafanaDashboardTests
{
    private static readonly GrafanaDashboard Dashboard = GrafanaDashboard.Load(MonitoringFiles.DashboardPath);

    [Fact]
    public void Dashboard_is_an_importable_export_with_a_prometheus_datasource_input()
    {
        var root = Dashboard.Root;
        var input = Assert.Single(root.GetProperty("__inputs").EnumerateArray());

        Assert.Equal("DS_PROMETHEUS", input.GetProperty("name").GetString());
        Assert.Equal("datasource", input.GetProperty("type").GetString());
        Assert.Equal("prometheus", input.GetProperty("pluginId").GetString());
        Assert.Equal("Amp worker fleet", root.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("uid").GetString()));
        Assert.InRange(root.GetProperty("schemaVersion").GetInt32(), 36, 41);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("id").ValueKind);
    }

    [Fact]
    public void Every_panel_has_targets_with_a_promql_expression_on_the_input_datasource()
    {
        var problems = new List<string>();
        foreach (var panel in Dashboard.Panels)
        {
            var title = GrafanaDashboard.Title(panel);
            var targets = GrafanaDashboard.TargetsOf(panel).ToList();
            if (targets.Count == 0)
                problems.Add($"panel '{title}' has no targets");
        }
        foreach (var t in Dashboard.Targets)
        {
            if (string.IsNullOrWhiteSpace(t.Expr))
                problems.Add($"panel '{t.Panel}' target {t.RefId}: no expr");
            else if (PromQl.MetricNames(t.Expr).Count == 0)
                problems.Add($"panel '{t.Panel}' target {t.RefId}: no metric in '{t.Expr}'");
            if (t.DatasourceUid != "${DS_PROMETHEUS}")
                problems.Add($"panel '{t.Panel}' target {t.RefId}: datasource uid '{t.DatasourceUid}', not ${{DS_PROMETHEUS}}");
        }
        Assert.NotEmpty(Dashboard.Panels);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Panels_have_unique_ids_and_fit_the_24_column_grid()
    {
        var all = Dashboard.Root.GetProperty("panels").EnumerateArray().ToList();
        var ids = all.Select(p => p.GetProperty("id").GetInt32()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var p in all)
        {
            var grid = p.GetProperty("gridPos");
            var x = grid.GetProperty("x").GetInt32();
            var w = grid.GetProperty("w").GetInt32();
            Assert.True(x >= 0 && w > 0 && x + w <= 24, $"panel '{GrafanaDashboard.Title(p)}' spans columns {x}..{x + w}");
        }
    }

    [Fact]
    public void Node_id_variable_lists_workers_and_per_worker_panels_use_it()
    {
        Assert.True(Dashboard.Variables.TryGetValue("node_id", out var query), "no templating variable node_id");
        Assert.Contains("amp_worker_info", query);
        Assert.Contains(Dashboard.Targets, t => t.Expr!.Contains("amp_worker_heartbeat_age_seconds", StringComparison.Ordinal)
            && t.Expr.Contains("node_id=~\"$node_id\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("amp_workers")]
    [InlineData("amp_worker_heartbeat_age_seconds")]
    [InlineData("amp_worker_info")]
    [InlineData("amp_worker_restarts_total")]
    [InlineData("amp_worker_duplicate_starts_total")]
    [InlineData("amp_worker_draining")]
    [InlineData("amp_metadata_db_up")]
    [InlineData("amp_jobs")]
    [InlineData("amp_jobs_scheduled_backlog")]
    [InlineData("amp_jobs_scheduled_oldest_age_seconds")]
    [InlineData("amp_job_failovers_total")]
    [InlineData("amp_job_retries_total")]
    [InlineData("amp_job_fatal_total")]
    [InlineData("amp_job_run_duration_seconds_bucket")]
    [InlineData("amp_job_dispatch_latency_seconds_bucket")]
    [InlineData("http_requests_received_total")]
    [InlineData("http_request_duration_seconds_bucket")]
    [InlineData("process_cpu_seconds_total")]
    [InlineData("amp_extraction_latest_block")]
    [InlineData("amp_extraction_chain_head")]
    [InlineData("amp_extraction_blocks")]
    [InlineData("amp_extraction_bytes")]
    [InlineData("amp_extraction_files")]
    [InlineData("amp_extraction_rows_extracted_total")]
    [InlineData("amp_extraction_rpc_requests_total")]
    [InlineData("amp_extraction_rpc_errors_total")]
    [InlineData("amp_extraction_rpc_duration_seconds_bucket")]
    [InlineData("amp_extraction_stream_retries_total")]
    public void Dashboard_charts_metric(string metric) =>
        Assert.Contains(Dashboard.Targets, t => PromQl.MetricNames(t.Expr ?? "").Contains(metric));

    [Fact]
    public void Rows_panel_charts_each_job_kind_on_its_own()
    {
        var rows = Dashboard.Targets.Where(t => t.Expr!.Contains("amp_extraction_rows_extracted_total", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(rows);
        Assert.All(rows, t => Assert.Contains("sum by (kind, dataset, table)", t.Expr));
    }

    [Fact]
    public void Restarts_panel_shows_the_increase_of_the_counter_not_its_raw_value()
    {
        var restarts = Dashboard.Targets.Where(t => t.Expr!.Contains("amp_worker_restarts_total", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(restarts);
        Assert.All(restarts, t => Assert.Contains("increase(amp_worker_restarts_total", t.Expr));
    }
}
