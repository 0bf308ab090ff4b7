using System.Text.RegularExpressions;

namespace Amp.Controller.Tests.Monitoring;

/// <summary>
/// Just enough PromQL reading to list the metric names an expression selects: string literals, label matchers
/// and grouping label lists are removed, then names with the prefixes our targets export are collected.
/// Functions, keywords and label names never carry those prefixes, so they drop out.
/// </summary>
public static partial class PromQl
{
    /// <summary>Computed by Prometheus itself for every target; no exporter serves it.</summary>
    public const string PrometheusSideMetric = "up";

    public static IReadOnlySet<string> MetricNames(string expr)
    {
        var bare = StringLiteral().Replace(expr, "\"\"");
        bare = LabelMatchers().Replace(bare, "{}");
        bare = GroupingLabels().Replace(bare, " ");
        return MetricName().Matches(bare).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether a scrape that exposes <paramref name="exposed"/> serves <paramref name="metric"/>.</summary>
    /// <summary>
    /// An extraction series: served once an extraction job has written files (controller) or by the worker that runs
    /// it (worker_metrics_addr), so a fleet without extraction has none; ExtractionMetricsTests (end to end, with
    /// anvil) checks these against a real extraction.
    /// </summary>
    public static bool IsExtractionMetric(string metric) => metric.StartsWith("amp_extraction_", StringComparison.Ordinal);

    public static bool IsServed(string metric, IReadOnlySet<string> exposed) =>
        exposed.Contains(metric)
        // A histogram or summary is named by its base name in documentation; its samples carry suffixes.
        || exposed.Contains(metric + "_bucket") || exposed.Contains(metric + "_sum") || exposed.Contains(metric + "_count");

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")]
    private static partial Regex GroupingLabels();

    [GeneratedRegex(@"\b(?:amp_\w+|http_\w+|process_\w+|dotnet_\w+|npgsql_\w+|up)\b")]
    private static partial Regex MetricName();
}
