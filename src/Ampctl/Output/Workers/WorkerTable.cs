using Amp.AdminClient.Workers;
using Amp.Core.Time;
using Amp.Core.Workers;
using Spectre.Console;

namespace Ampctl.Output.Workers;

/// <summary>The human form of <c>ampctl worker list</c>: one row per worker, or <c>No workers found</c>.</summary>
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
        output.Write(Build(list));
    }

    public static Table Build(WorkerList list)
    {
        var table = new Table()
            .Border(TableBorder.None)
            .AddColumns(Column("NODE ID"), Column("STATUS"), Column("VERSION"), Column("LAST HEARTBEAT"), Column("UPTIME", last: true));
        table.ShowHeaders = true;
        foreach (var w in list.Workers)
        {
            table.AddRow(
                new Text(w.NodeId.Value),
                new Text(w.Status.ToWire(), new Style(StatusStyle.ColourOf(w.Status))),
                new Text(w.Info.Version),
                new Text(Heartbeat(w)),
                new Text(Durations.FormatUptime(w.UptimeSeconds)));
        }
        return table;
    }

    /// <summary><c>2026-11-29T18:25:01Z (0.4s ago)</c>: the server's timestamp and the server-computed age.</summary>
    public static string Heartbeat(Worker w) => $"{Rfc3339.Format(w.HeartbeatAt)} ({Durations.FormatAge(w.HeartbeatAgeMs)} ago)";

    private static TableColumn Column(string header, bool last = false) =>
        new TableColumn(new Text(header)).NoWrap().PadLeft(0).PadRight(last ? 0 : 3);
}
