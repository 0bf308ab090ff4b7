using System.Globalization;
using Amp.AdminClient.Incarnations;
using Amp.Core.Time;
using Amp.Core.Workers;
using Spectre.Console;

namespace Ampctl.Output.Workers;

/// <summary>
/// The human form of <c>ampctl worker history</c>: every incarnation of a node ID, newest first, then the
/// starts that were refused because the ID was in use.
/// </summary>
internal static class HistoryView
{
    public const string NoIncarnations = "No incarnations recorded";
    public const string NoDuplicateStarts = "No refused duplicate starts";

    public static void Write(CliOutput output, WorkerIncarnations history)
    {
        if (history.Incarnations.Count == 0)
            output.WriteText(NoIncarnations + "\n");
        else
            output.Write(Incarnations(history.Incarnations));
        output.WriteText("\n");
        if (history.DuplicateStarts.Count == 0)
        {
            output.WriteText(NoDuplicateStarts + "\n");
            return;
        }
        output.WriteText("Refused duplicate starts:\n");
        output.Write(DuplicateStarts(history.DuplicateStarts));
    }

    public static Table Incarnations(IReadOnlyList<Incarnation> incarnations)
    {
        var table = NewTable("EPOCH", "HOST", "PID", "VERSION", "STARTED", "ENDED", "REASON", "DURATION");
        foreach (var i in incarnations)
        {
            table.AddRow(
                new Text(i.Epoch.ToString()),
                new Text(i.Host),
                new Text(i.Pid.ToString(CultureInfo.InvariantCulture)),
                new Text(i.Version),
                new Text(Rfc3339.Format(i.StartedAt)),
                new Text(i.EndedAt is { } ended ? Rfc3339.Format(ended) : "-"),
                new Text(i.EndReason?.ToWire() ?? "-"),
                new Text(Duration(i)));
        }
        return table;
    }

    /// <summary>How long it ran, from the server's timestamps; <c>running</c> while it is open.</summary>
    public static string Duration(Incarnation i) =>
        i.EndedAt is { } ended ? Durations.Format((long)(ended - i.StartedAt).TotalSeconds) : "running";

    public static Table DuplicateStarts(IReadOnlyList<DuplicateStart> refused)
    {
        var table = NewTable("REFUSED AT", "HOST", "PID", "VERSION");
        foreach (var d in refused)
        {
            table.AddRow(
                new Text(Rfc3339.Format(d.RefusedAt)),
                new Text(d.Host),
                new Text(d.Pid.ToString(CultureInfo.InvariantCulture)),
                new Text(d.Version));
        }
        return table;
    }

    private static Table NewTable(params string[] headers)
    {
        var table = new Table().Border(TableBorder.None);
        for (var i = 0; i < headers.Length; i++)
            table.AddColumn(new TableColumn(new Text(headers[i])).NoWrap().PadLeft(0).PadRight(i == headers.Length - 1 ? 0 : 3));
        return table;
    }
}
