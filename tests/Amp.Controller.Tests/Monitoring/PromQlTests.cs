namespace Amp.Controller.Tests.Monitoring;

/// <summary>Unit tests of the metric-name extraction the scrape test relies on.</summary>
public sealed class PromQlTests
{
    [Theory]
    [InlineData("amp_metadata_db_up == 0", "amp_metadata_db_up")]
    [InlineData("increase(amp_worker_restarts_total[15m]) > 3", "amp_worker_restarts_total")]
    [InlineData("count(count by (version) (amp_worker_info)) > 1", "amp_worker_info")]
    [InlineData("histogram_quantile(0.99, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket{job=~\"$job\", endpoint!=\"/metrics\"}[$__rate_interval])))", "http_request_duration_seconds_bucket")]
    [InlineData("up{job=\"amp-controller\"} == 0 or absent(up{job=\"amp-controller\"})", "up")]
    [InlineData("amp_worker_info and on (node_id) (amp_worker_heartbeat_age_seconds <= 30)", "amp_worker_info amp_worker_heartbeat_age_seconds")]
    [InlineData("sum by (process_label) (dotnet_total_memory_bytes{http_path=\"amp_fake\"})", "dotnet_total_memory_bytes")]
    [InlineData("label_values(amp_worker_info{job=~\"$job\"}, node_id)", "amp_worker_info")]
    public void Metric_names_are_the_selected_series_without_labels_strings_or_functions(string expr, string expected) =>
        Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), PromQl.MetricNames(expr).Order(StringComparer.Ordinal));

    [Fact]
    public void A_histogram_is_served_when_its_bucket_series_is()
    {
        var exposed = new HashSet<string>(["http_request_duration_seconds_bucket", "amp_workers"], StringComparer.Ordinal);

        Assert.True(PromQl.IsServed("http_request_duration_seconds", exposed));
        Assert.True(PromQl.IsServed("http_request_duration_seconds_bucket", exposed));
        Assert.True(PromQl.IsServed("amp_workers", exposed));
        Assert.False(PromQl.IsServed("process_resident_memory_bytes", exposed));
    }

    [Fact]
    public void Scrape_parser_reads_names_labels_and_values()
    {
        var scrape = PrometheusScrape.Parse("""
            # HELP amp_workers Workers by status.
            # TYPE amp_workers gauge
            amp_workers{status="active"} 1
            amp_workers{status="stalled"} 0
            amp_worker_info{node_id="w1",version="v \"1\"",commit_sha="abc"} 1
            amp_metadata_db_up 1
            http_request_duration_seconds_bucket{le="+Inf"} 3
            """);

        Assert.Equal(1, scrape.Value("amp_workers", ("status", "active")));
        Assert.Equal(0, scrape.Value("amp_workers", ("status", "stalled")));
        Assert.Equal(1, scrape.Value("amp_worker_info", ("version", "v \"1\"")));
        Assert.Equal(1, scrape.Value("amp_metadata_db_up"));
        Assert.Null(scrape.Value("amp_workers", ("status", "inactive")));
        Assert.Contains("http_request_duration_seconds_bucket", scrape.Names);
    }
}
