using System.Globalization;
using Amp.AdminClient.Workers;
using Amp.Core.Time;
using Amp.Core.Workers;
using Spectre.Console;

namespace Ampctl.Output.Workers;

/// <summary>
/// The human form of <c>ampctl worker list</c> (and of <c>watch</c>): one row per worker, or <c>No workers found</c>.
/// </summary>
internal static class WorkerTable
{
    public const string Empty = "No workers found";

    public static void Write(CliOutput output, WorkerList list)
    {
        if (list.Workers.Count == 0)
        {
            output.WriteText(Empty + "\n");
            return;
        }
        output.Write(Build(list.Workers));
    }

    /// <param name="elapsed">Time since the list was fetched, added to ages and uptimes so a live view ticks.</param>
    /// <param name="drainingColumn">A DRAINING column instead of <c>(draining)</c> after the status.</param>
    public static Table Build(IReadOnlyList<Worker> workers, TimeSpan elapsed = default, bool drainingColumn = false)
    {
        var table = new Table().Border(TableBorder.None);
        table.AddColumns(Column("NODE ID"), Column("STATUS"), Column("VERSION"), Column("LAST HEARTBEAT"), Column("UPTIME"), Column("JOBS", last: !drainingColumn));
        if (drainingColumn)
            table.AddColumn(Column("DRAINING", last: true));
        table.ShowHeaders = true;
        foreach (var w in workers)
        {
            var status = drainingColumn ? StatusWithRetired(w) : StatusLabel(w);
            var cells = new List<Text>
            {
                new(w.NodeId.Value),
                new(status, new Style(StatusStyle.ColourOf(w.Status))),
                new(w.Info.Version),
                new(Heartbeat(w, elapsed)),
                new(Durations.FormatUptime(w.UptimeSeconds + (long?)elapsed.TotalSeconds)),
                new(w.RunningJobs.ToString(CultureInfo.InvariantCulture)),
            };
            if (drainingColumn)
                cells.Add(new Text(Draining(w)));
            table.AddRow(cells);
        }
        return table;
    }

    /// <summary><c>active</c>, <c>active (draining)</c>, <c>inactive (retired)</c>.</summary>
    public static string StatusLabel(Worker w) =>
        w.IsDraining && !w.IsRetired ? w.Status.ToWire() + " (draining)" : StatusWithRetired(w);

    /// <summary><c>2026-11-29T18:25:01Z (0.4s ago)</c>: the server's timestamp and the server-computed age.</summary>
    public static string Heartbeat(Worker w) => Heartbeat(w, TimeSpan.Zero);

    private static string Heartbeat(Worker w, TimeSpan elapsed) =>
        $"{Rfc3339.Format(w.HeartbeatAt)} ({Durations.FormatAge(w.HeartbeatAgeMs + (long)elapsed.TotalMilliseconds)} ago)";

    /// <summary><c>-</c>, <c>requested</c> (not yet acknowledged by the worker) or <c>acknowledged</c>.</summary>
    public static string Draining(Worker w) =>
        !w.IsDraining ? "-" : w.DrainAcknowledgedAt is null ? "requested" : "acknowledged";

    private static string StatusWithRetired(Worker w) => w.IsRetired ? w.Status.ToWire() + " (retired)" : w.Status.ToWire();

    private static TableColumn Column(string header, bool last = false) =>
        new TableColumn(new Text(header)).NoWrap().PadLeft(0).PadRight(last ? 0 : 3);
}
