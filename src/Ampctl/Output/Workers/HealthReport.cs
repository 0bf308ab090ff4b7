using System.Text;
using Amp.AdminClient.Workers;
using Amp.Core.Workers;

namespace Ampctl.Output.Workers;

/// <summary>
/// <c>ampctl worker health</c>: a worker is healthy when it is not <c>inactive</c> and its heartbeat (the
/// server-computed age) is no older than the threshold. The fleet is healthy when it has at least one worker
/// and every one is healthy: an empty fleet runs nothing, so it is not reported as healthy.
/// </summary>
internal sealed record HealthReport(TimeSpan Threshold, IReadOnlyList<HealthReport.Entry> Workers)
{
    public sealed record Entry(Worker Worker, bool Healthy);

    public bool Healthy => Workers.Count > 0 && Workers.All(w => w.Healthy);

    /// <summary>Retired workers are left out (the server omits them already; this holds for any list).</summary>
    public static HealthReport Evaluate(IEnumerable<Worker> workers, TimeSpan threshold)
    {
        var thresholdMs = (long)threshold.TotalMilliseconds;
        var entries = workers
            .Where(w => !w.IsRetired)
            .Select(w => new Entry(w, w.Status != WorkerStatus.Inactive && w.HeartbeatAgeMs <= thresholdMs))
            .ToList();
        return new HealthReport(threshold, entries);
    }

    /// <summary><c>✓ worker-01  heartbeat 0.4s ago  active</c>, one line per worker; <c>No workers found</c> when empty.</summary>
    public string RenderText(bool colour)
    {
        if (Workers.Count == 0)
            return WorkerTable.Empty + "\n";
        var width = Workers.Max(e => e.Worker.NodeId.Value.Length);
        var sb = new StringBuilder();
        foreach (var (w, healthy) in Workers)
        {
            sb.Append(Marks.For(healthy, colour)).Append(' ')
                .Append(w.NodeId.Value.PadRight(width))
                .Append("  heartbeat ").Append(Durations.FormatAge(w.HeartbeatAgeMs)).Append(" ago  ")
                .Append(StatusStyle.Paint(w.Status, colour))
                .Append('\n');
        }
        return sb.ToString();
    }

    /// <summary><c>{"healthy":…,"threshold_seconds":30,"workers":[{"node_id","healthy","status","heartbeat_age_ms"}]}</c>.</summary>
    public string ToJson() => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("healthy", Healthy);
        json.WriteNumber("threshold_seconds", Threshold.TotalSeconds);
        json.WriteStartArray("workers");
        foreach (var (w, healthy) in Workers)
        {
            json.WriteStartObject();
            json.WriteString("node_id", w.NodeId.Value);
            json.WriteBoolean("healthy", healthy);
            json.WriteString("status", w.Status.ToWire());
            json.WriteNumber("heartbeat_age_ms", w.HeartbeatAgeMs);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });
}
