using System.Text;
using Amp.AdminClient.Workers;
using Amp.Core.Time;

namespace Ampctl.Output.Workers;

/// <summary>The human form of <c>ampctl worker inspect</c>: Amp's labelled block, plus status, uptime and incarnation.</summary>
internal static class WorkerInspectView
{
    public static string Render(Worker w, bool colour)
    {
        var sb = new StringBuilder();
        Line(sb, "Node ID:", w.NodeId.Value, 14);
        Line(sb, "Status:", StatusStyle.Paint(w.Status, colour), 14);
        Line(sb, "Created:", Rfc3339.Format(w.CreatedAt), 14);
        Line(sb, "Registered:", Rfc3339.Format(w.RegisteredAt), 14);
        Line(sb, "Heartbeat:", WorkerTable.Heartbeat(w), 14);
        Line(sb, "Uptime:", Durations.FormatUptime(w.UptimeSeconds), 14);
        Line(sb, "Restarts:", w.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture), 14);
        Line(sb, "Epoch:", w.Epoch.ToString(), 14);
        sb.Append('\n');
        sb.Append("Worker Info:\n");
        Line(sb, "  Version:", w.Info.Version, 20);
        Line(sb, "  Commit:", w.Info.CommitSha, 20);
        Line(sb, "  Commit Timestamp:", w.Info.CommitTimestamp, 20);
        Line(sb, "  Build Date:", w.Info.BuildDate, 20);
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string label, string value, int width) =>
        sb.Append(label.PadRight(width)).Append(value).Append('\n');
}
