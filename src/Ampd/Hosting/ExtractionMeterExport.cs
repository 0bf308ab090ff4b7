using System.Diagnostics.Metrics;
using Amp.Extraction.Rpc;
using Prometheus;

namespace Ampd.Hosting;

/// <summary>
/// The worker's Meter <c>Amp.Extraction</c> as Prometheus series with stable names and labels (prometheus-net's own
/// meter adapter would prefix the meter's name twice and drop a series that stays unchanged for a few minutes):
/// amp_extraction_rpc_requests_total{method}, amp_extraction_rpc_errors_total{method,code},
/// amp_extraction_rpc_duration_seconds{method}, amp_extraction_rpc_batch_size{method},
/// amp_extraction_stream_retries_total{code}, and amp_extraction_{rows,blocks}_extracted_total and
/// amp_extraction_{files,bytes}_committed_total {kind,dataset,table} (kind: the job kind that wrote, materialize-raw). Published into <see cref="Metrics.DefaultRegistry"/>:
/// solo's Admin API serves them at /metrics, <c>ampd worker</c> at <c>worker_metrics_addr</c>.
/// </summary>
internal sealed class ExtractionMeterExport : IDisposable
{
    private sealed record Sink(string[] Labels, Action<string[], double> Record);

    private readonly MeterListener _listener = new();

    private ExtractionMeterExport()
    {
    }

    /// <summary>Keeps prometheus-net's default meter adapter off this meter; call before anything reads the default registry.</summary>
    public static void ExcludeFromDefaultAdapter() =>
        Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = i => i.Meter.Name != RpcMetrics.MeterName);

    public static ExtractionMeterExport Start()
    {
        var f = Metrics.WithCustomRegistry(Metrics.DefaultRegistry);
        var requests = f.CreateCounter("amp_extraction_rpc_requests_total", "JSON-RPC transport requests (one per batch) by method.", "method");
        var errors = f.CreateCounter("amp_extraction_rpc_errors_total", "Failed JSON-RPC requests or calls by method and code (JSON-RPC code, HTTP_429, …).", "method", "code");
        var duration = f.CreateHistogram("amp_extraction_rpc_duration_seconds", "JSON-RPC transport request latency by method.",
            new HistogramConfiguration { LabelNames = ["method"], Buckets = Histogram.ExponentialBuckets(0.001, 2.5, 12) });
        var batch = f.CreateHistogram("amp_extraction_rpc_batch_size", "Calls per JSON-RPC transport request by method.",
            new HistogramConfiguration { LabelNames = ["method"], Buckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });
        var retries = f.CreateCounter("amp_extraction_stream_retries_total", "Block stream restarts after a retryable failure, by error code.", "code");
        var rows = f.CreateCounter("amp_extraction_rows_extracted_total", "Rows extracted for a table (handed to its Parquet writer).", "kind", "dataset", "table");
        var blocks = f.CreateCounter("amp_extraction_blocks_extracted_total", "Blocks extracted for a table (handed to its Parquet writer).", "kind", "dataset", "table");
        var files = f.CreateCounter("amp_extraction_files_committed_total", "Parquet files this worker registered.", "kind", "dataset", "table");
        var bytes = f.CreateCounter("amp_extraction_bytes_committed_total", "Bytes of the Parquet files this worker registered.", "kind", "dataset", "table");

        var sinks = new Dictionary<string, Sink>(StringComparer.Ordinal)
        {
            ["amp.extraction.rpc.requests"] = new(["method"], (l, v) => requests.WithLabels(l).Inc(v)),
            ["amp.extraction.rpc.errors"] = new(["method", "code"], (l, v) => errors.WithLabels(l).Inc(v)),
            ["amp.extraction.rpc.duration"] = new(["method"], (l, v) => duration.WithLabels(l).Observe(v / 1000.0)), // recorded in ms
            ["amp.extraction.rpc.batch_size"] = new(["method"], (l, v) => batch.WithLabels(l).Observe(v)),
            ["amp.extraction.stream.retries"] = new(["code"], (l, v) => retries.WithLabels(l).Inc(v)),
            ["amp.extraction.rows_extracted"] = new(["kind", "dataset", "table"], (l, v) => rows.WithLabels(l).Inc(v)),
            ["amp.extraction.blocks_extracted"] = new(["kind", "dataset", "table"], (l, v) => blocks.WithLabels(l).Inc(v)),
            ["amp.extraction.files_committed"] = new(["kind", "dataset", "table"], (l, v) => files.WithLabels(l).Inc(v)),
            ["amp.extraction.bytes_committed"] = new(["kind", "dataset", "table"], (l, v) => bytes.WithLabels(l).Inc(v)),
        };

        var export = new ExtractionMeterExport();
        export._listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RpcMetrics.MeterName && sinks.TryGetValue(instrument.Name, out var sink))
                listener.EnableMeasurementEvents(instrument, sink);
        };
        export._listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Record((Sink)state!, value, tags));
        export._listener.SetMeasurementEventCallback<int>((_, value, tags, state) => Record((Sink)state!, value, tags));
        export._listener.SetMeasurementEventCallback<double>((_, value, tags, state) => Record((Sink)state!, value, tags));
        export._listener.Start();
        return export;
    }

    private static void Record(Sink sink, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new string[sink.Labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = "";
            foreach (var tag in tags)
                if (tag.Key == sink.Labels[i])
                    labels[i] = tag.Value?.ToString() ?? "";
        }
        sink.Record(labels, value);
    }

    public void Dispose() => _listener.Dispose();
}
