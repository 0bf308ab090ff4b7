using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Amp.Extraction.Rpc;

/// <summary>
/// Instruments of the Meter <c>Amp.Extraction</c>, for the integrator to export: requests, errors and latency by
/// JSON-RPC method, calls per batch, and stream retries by error code.
/// </summary>
public static class RpcMetrics
{
    public const string MeterName = "Amp.Extraction";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Transport requests (one per batch), tag <c>method</c>.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("amp.extraction.rpc.requests", "{request}");

    /// <summary>Failed requests or calls, tags <c>method</c> and <c>code</c>.</summary>
    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("amp.extraction.rpc.errors", "{error}");

    /// <summary>Transport request latency, tag <c>method</c>.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("amp.extraction.rpc.duration", "ms");

    /// <summary>Calls per transport request, tag <c>method</c>.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("amp.extraction.rpc.batch_size", "{call}");

    /// <summary>Stream restarts after a retryable failure, tag <c>code</c>.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("amp.extraction.stream.retries", "{retry}");

    internal static void Error(string method, string code) =>
        Errors.Add(1, new TagList { { "method", method }, { "code", code } });
}
