using System.Globalization;
using System.Text;
using Amp.AdminClient.Incarnations;
using Amp.AdminClient.Workers;
using Amp.Core.Time;
using Amp.Core.Workers;

namespace Ampctl.Output.Workers;

/// <summary>
/// The human form of <c>ampctl worker inspect</c>: Amp's labelled block (status, uptime, incarnation, build info),
/// then the drain and job state, then the node's recent incarnations and refused duplicate starts.
/// New sections go after Amp's block so that its line positions stay as documented.
/// </summary>
internal static class WorkerInspectView
{
    private const int Width = 14;

    public static string Render(WorkerDetail detail, bool colour)
    {
        var sb = new StringBuilder();
        var w = detail.Worker;
        Line(sb, "Node ID:", w.NodeId.Value, Width);
        Line(sb, "Status:", StatusStyle.Paint(w.Status, colour), Width);
        Line(sb, "Created:", Rfc3339.Format(w.CreatedAt), Width);
        Line(sb, "Registered:", Rfc3339.Format(w.RegisteredAt), Width);
        Line(sb, "Heartbeat:", WorkerTable.Heartbeat(w), Width);
        Line(sb, "Uptime:", Durations.FormatUptime(w.UptimeSeconds), Width);
        Line(sb, "Restarts:", w.Restarts.ToString(CultureInfo.InvariantCulture), Width);
        Line(sb, "Epoch:", w.Epoch.ToString(), Width);
        sb.Append('\n');
        sb.Append("Worker Info:\n");
        Line(sb, "  Version:", w.Info.Version, 20);
        Line(sb, "  Commit:", w.Info.CommitSha, 20);
        Line(sb, "  Commit Timestamp:", w.Info.CommitTimestamp, 20);
        Line(sb, "  Build Date:", w.Info.BuildDate, 20);
        sb.Append('\n');
        Line(sb, "Draining:", Draining(w), Width);
        Line(sb, "Running Jobs:", w.RunningJobs.ToString(CultureInfo.InvariantCulture), Width);
        if (w.RetiredAt is { } retired)
            Line(sb, "Retired:", Rfc3339.Format(retired), Width);
        if (detail.History is { } history)
            AppendHistory(sb, history);
        return sb.ToString();
    }

    /// <summary><c>no</c>, <c>since T (acknowledged T)</c> or <c>since T (not acknowledged yet)</c>.</summary>
    public static string Draining(Worker w)
    {
        if (w.DrainingSince is not { } since)
            return "no";
        var ack = w.DrainAcknowledgedAt is { } at ? "acknowledged " + Rfc3339.Format(at) : "not acknowledged yet";
        return $"since {Rfc3339.Format(since)} ({ack})";
    }

    /// <summary><c>epoch 3  host h1 pid 1234  v1.2.0  2026-11-29T18:20:15Z → running</c> (or <c>→ T (crashed)</c>).</summary>
    public static string Describe(Incarnation i)
    {
        var end = i.EndedAt is not { } ended
            ? "running"
            : i.EndReason is { } reason ? $"{Rfc3339.Format(ended)} ({reason.ToWire()})" : Rfc3339.Format(ended);
        return $"epoch {i.Epoch}  host {i.Host} pid {i.Pid.ToString(CultureInfo.InvariantCulture)}  {i.Version}  {Rfc3339.Format(i.StartedAt)} → {end}";
    }

    /// <summary><c>2026-11-29T18:20:15Z  host h2 pid 99  v1.2.0</c>.</summary>
    public static string Describe(DuplicateStart d) =>
        $"{Rfc3339.Format(d.RefusedAt)}  host {d.Host} pid {d.Pid.ToString(CultureInfo.InvariantCulture)}  {d.Version}";

    private static void AppendHistory(StringBuilder sb, WorkerHistory history)
    {
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"Incarnations ({history.IncarnationCount} total):\n");
        foreach (var incarnation in history.RecentIncarnations)
            sb.Append("  ").Append(Describe(incarnation)).Append('\n');
        if (history.DuplicateStartCount <= 0)
            return;
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"Refused duplicate starts ({history.DuplicateStartCount} total):\n");
        foreach (var refused in history.RecentDuplicateStarts)
            sb.Append("  ").Append(Describe(refused)).Append('\n');
    }

    private static void Line(StringBuilder sb, string label, string value, int width) =>
        sb.Append(label.PadRight(width)).Append(value).Append('\n');
}
