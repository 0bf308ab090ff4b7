using System.Text;
using Amp.AdminClient.Fleet;
using Amp.Core.Time;

namespace Ampctl.Output.Workers;

/// <summary>The human form of <c>ampctl worker summary</c> (<c>GET /fleet</c>): counts, builds, oldest commit, refused starts.</summary>
internal static class FleetSummaryView
{
    public static string Render(FleetSummary fleet)
    {
        var s = fleet.ByStatus;
        var sb = new StringBuilder();
        sb.Append($"Workers: {fleet.WorkersTotal} ({s.Active} active, {s.Stalled} stalled, {s.Inactive} inactive; ")
            .Append($"{fleet.Draining} draining; {fleet.Retired} retired)\n");
        if (fleet.ByVersion.Count == 0)
        {
            sb.Append("Versions: none\n");
        }
        else
        {
            sb.Append("Versions:\n");
            foreach (var v in fleet.ByVersion)
                sb.Append($"  {v.Version} ({Commits.Short(v.CommitSha, 12)}): {Plural(v.Workers, "worker")}, {v.Active} active\n");
        }
        var oldest = fleet.OldestRunningCommitTimestamp is { } t ? Rfc3339.Format(t) : "-";
        sb.Append($"Oldest running commit: {oldest}\n");
        sb.Append($"Refused duplicate starts (24h): {fleet.DuplicateStarts24h}\n");
        return sb.ToString();
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
