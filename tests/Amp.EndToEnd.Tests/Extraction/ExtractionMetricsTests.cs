using System.Text.RegularExpressions;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Extraction;

/// <summary>
/// The extraction series an operator scrapes, with a real continuous extraction of anvil: the controller's
/// <c>/metrics</c> (files, bytes, blocks, latest block and chain head, from the metadata database) follows the chain as
/// it grows, and the worker's own <c>/metrics</c> (<c>worker_metrics_addr</c>) counts its RPC requests by method and,
/// by job kind, the rows and blocks it extracted and the files and bytes it committed.
/// </summary>
[Collection("extraction")]
public sealed partial class ExtractionMetricsTests(ExtractionFleet fleet) : IClassFixture<ExtractionFleet>
{
    private const string Dataset = "_/anvil_metrics_rpc";

    [Fact]
    public async Task Controller_and_worker_metrics_follow_a_running_extraction()
    {
        await using var anvil = await Anvil.StartAsync();
        await AnvilChain.GenerateAsync(anvil, 40);
        var head = (long)await anvil.BlockNumberAsync();
        var metricsPort = Ports.Free();
        var worker = fleet.StartWorker("xm", new Dictionary<string, string?> { ["AMP_CONFIG_WORKER_METRICS_ADDR"] = $"127.0.0.1:{metricsPort}" });
        await worker.WaitForOutputAsync($"Worker metrics listening on http://127.0.0.1:{metricsPort}/metrics", TimeSpan.FromSeconds(120));
        await fleet.WaitForStatusAsync("xm", "active", TimeSpan.FromSeconds(60));
        var name = await fleet.RegisterAsync("anvil_metrics", anvil.HttpUrl);

        var id = await fleet.DeployAsync(name, "--worker-id", "xm"); // continuous: it follows the head
        await fleet.WaitForJobAsync(id, j => ExtractionFleet.StatusOf(j) == "RUNNING", "to run", TimeSpan.FromSeconds(60));

        // Every table reaches the head, and the head the job saw is served beside it: the lag is 0.
        var first = await ScrapeUntilAsync(fleet.AdminUrl, s => Latest(s, "blocks") == head && Latest(s, "logs") == head && Latest(s, "transactions") == head
            && Find(s, "amp_extraction_chain_head", ("dataset", Dataset)) == head, $"every table of {Dataset} at block {head} and the chain head {head}");
        Assert.Equal(head + 1, Find(first, "amp_extraction_blocks", ("kind", "materialize-raw"), ("dataset", Dataset), ("table", "blocks")));
        Assert.True(Find(first, "amp_extraction_files", ("kind", "materialize-raw"), ("dataset", Dataset), ("table", "logs")) >= 1);
        Assert.True(Find(first, "amp_extraction_bytes", ("kind", "materialize-raw"), ("dataset", Dataset), ("table", "transactions")) > 0);

        // The chain grows while the job runs: the series advance with it.
        await anvil.MineAsync(15);
        var later = await ScrapeUntilAsync(fleet.AdminUrl, s => Latest(s, "blocks") == head + 15 && Find(s, "amp_extraction_chain_head", ("dataset", Dataset)) == head + 15,
            $"blocks of {Dataset} at block {head + 15}");
        Assert.Equal(head + 16, Find(later, "amp_extraction_blocks", ("kind", "materialize-raw"), ("dataset", Dataset), ("table", "blocks")));
        Assert.True(Find(later, "amp_extraction_files", ("kind", "materialize-raw"), ("dataset", Dataset), ("table", "blocks")) > Find(first, "amp_extraction_files", ("kind", "materialize-raw"), ("dataset", Dataset), ("table", "blocks")));

        // The worker's endpoint: RPC requests by method, no errors for a healthy provider, latency, and per job kind
        // the rows and blocks extracted and the files and bytes committed, which grow with the chain.
        var own = await ScrapeUntilAsync($"http://127.0.0.1:{metricsPort}", s => Written(s, WorkerSeries.BlocksExtracted, "blocks") >= head + 16,
            "the worker's blocks_extracted{kind=\"materialize-raw\"} to count every block");
        Assert.True(Find(own, WorkerSeries.Requests, ("method", "eth_getBlockByNumber")) >= head + 16);
        Assert.True(Find(own, WorkerSeries.Requests, ("method", "eth_getBlockReceipts")) > 0); // only blocks with transactions
        Assert.True(Find(own, WorkerSeries.DurationCount, ("method", "eth_getBlockByNumber")) >= head + 16);
        Assert.True(Written(own, WorkerSeries.RowsExtracted, "transactions") > 0);
        Assert.True(Written(own, WorkerSeries.FilesCommitted, "logs") >= 1);
        Assert.True(Written(own, WorkerSeries.BytesCommitted, "blocks") > 0);
        Assert.DoesNotContain(own.Keys, k => k.StartsWith(WorkerSeries.Errors + "{", StringComparison.Ordinal));

        await anvil.MineAsync(10);
        var grown = await ScrapeUntilAsync($"http://127.0.0.1:{metricsPort}", s => Written(s, WorkerSeries.BlocksExtracted, "blocks") >= head + 26
            && Written(s, WorkerSeries.BytesCommitted, "blocks") > Written(own, WorkerSeries.BytesCommitted, "blocks"),
            "the worker's blocks_extracted and bytes_committed{kind=\"materialize-raw\"} to grow with the chain");
        Assert.True(Written(grown, WorkerSeries.RowsExtracted, "blocks") > Written(own, WorkerSeries.RowsExtracted, "blocks"));
        Assert.True(Written(grown, WorkerSeries.FilesCommitted, "blocks") > Written(own, WorkerSeries.FilesCommitted, "blocks"));

        var stop = await fleet.AmpctlAsync("job", "stop", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(stop.ExitCode == 0, stop.ToString());
    }

    /// <summary>A worker counter of the dataset's <paramref name="table"/> written by its materialize-raw job.</summary>
    private static double? Written(Dictionary<string, double> s, string series, string table) =>
        Find(s, series, ("kind", "materialize-raw"), ("dataset", Dataset), ("table", table));

    private static double? Latest(Dictionary<string, double> s, string table) =>
        Find(s, "amp_extraction_latest_block", ("dataset", Dataset), ("table", table));

    /// <summary>The value of the one series of <paramref name="name"/> that has all the given labels, or null.</summary>
    private static double? Find(Dictionary<string, double> samples, string name, params (string Name, string Value)[] labels)
    {
        foreach (var (series, value) in samples)
        {
            var m = Series().Match(series);
            if (!m.Success || m.Groups["name"].Value != name)
                continue;
            var have = Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value, StringComparer.Ordinal);
            if (labels.All(l => have.TryGetValue(l.Name, out var v) && v == l.Value))
                return value;
        }
        return null;
    }

    private static async Task<Dictionary<string, double>> ScrapeUntilAsync(string baseUrl, Func<Dictionary<string, double>, bool> done, string what)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        return await Eventually.ValueAsync(async () => PrometheusText.Samples(await http.GetStringAsync(new Uri(baseUrl + "/metrics"))), done, what, TimeSpan.FromSeconds(90));
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?$")]
    private static partial Regex Series();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}

/// <summary>The worker's series (docs/monitoring/README.md, "Extraction").</summary>
internal static class WorkerSeries
{
    public const string Requests = "amp_extraction_rpc_requests_total";
    public const string Errors = "amp_extraction_rpc_errors_total";
    public const string DurationCount = "amp_extraction_rpc_duration_seconds_count";
    public const string RowsExtracted = "amp_extraction_rows_extracted_total";
    public const string BlocksExtracted = "amp_extraction_blocks_extracted_total";
    public const string FilesCommitted = "amp_extraction_files_committed_total";
    public const string BytesCommitted = "amp_extraction_bytes_committed_total";
}
