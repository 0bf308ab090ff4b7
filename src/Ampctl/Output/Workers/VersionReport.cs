using System.Globalization;
using System.Text;
using Amp.AdminClient.Workers;
using Spectre.Console;

namespace Ampctl.Output.Workers;

/// <summary>
/// <c>ampctl worker versions</c>: workers grouped by build (version and commit), most workers first.
/// More than one build running is a mismatch, reported as information.
/// </summary>
internal sealed record VersionReport(IReadOnlyList<VersionReport.Build> Versions)
{
    public sealed record Build(string Version, string CommitSha, IReadOnlyList<string> NodeIds);

    public bool Mismatch => Versions.Count > 1;

    /// <summary>Groups the workers given (the caller picks active or all); retired ones are left out.</summary>
    public static VersionReport Evaluate(IEnumerable<Worker> workers)
    {
        var builds = workers
            .Where(w => !w.IsRetired)
            .GroupBy(w => (w.Info.Version, w.Info.CommitSha))
            .Select(g => new Build(g.Key.Version, g.Key.CommitSha, g.Select(w => w.NodeId.Value).ToList()))
            .OrderByDescending(b => b.NodeIds.Count)
            .ThenBy(b => b.Version, StringComparer.Ordinal)
            .ThenBy(b => b.CommitSha, StringComparer.Ordinal)
            .ToList();
        return new VersionReport(builds);
    }

    /// <param name="empty">What to print when there is no worker, e.g. <c>No active workers found</c>.</param>
    public void WriteText(CliOutput output, string empty)
    {
        if (Versions.Count == 0)
        {
            output.WriteText(empty + "\n");
            return;
        }
        var table = new Table().Border(TableBorder.None);
        table.AddColumns(Column("VERSION"), Column("COMMIT"), Column("WORKERS"), Column("NODES", last: true));
        foreach (var b in Versions)
        {
            table.AddRow(
                new Text(b.Version),
                new Text(Commits.Short(b.CommitSha, 12)),
                new Text(b.NodeIds.Count.ToString(CultureInfo.InvariantCulture)),
                new Text(string.Join(", ", b.NodeIds)));
        }
        output.Write(table);
        if (Mismatch)
            output.WriteText($"{Marks.Warn(output.UseColour)} version mismatch: {Versions.Count} versions running\n");
    }

    /// <summary><c>{"versions":[{"version","commit_sha","workers","node_ids":[…]}],"mismatch":bool}</c>.</summary>
    public string ToJson() => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("versions");
        foreach (var b in Versions)
        {
            json.WriteStartObject();
            json.WriteString("version", b.Version);
            json.WriteString("commit_sha", b.CommitSha);
            json.WriteNumber("workers", b.NodeIds.Count);
            json.WriteStartArray("node_ids");
            foreach (var id in b.NodeIds)
                json.WriteStringValue(id);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("mismatch", Mismatch);
        json.WriteEndObject();
    });

    private static TableColumn Column(string header, bool last = false) =>
        new TableColumn(new Text(header)).NoWrap().PadLeft(0).PadRight(last ? 0 : 3);
}
