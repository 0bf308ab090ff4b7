using System.Text;
using Amp.AdminClient.Workers;

namespace Ampctl.Output.Workers;

/// <summary>
/// <c>ampctl worker verify</c>: converged when there is at least one active worker and every active worker
/// runs the expected build.
/// </summary>
internal sealed record VerifyReport(ExpectedBuild Expected, IReadOnlyList<Worker> Matching, IReadOnlyList<Worker> Others)
{
    public int Active => Matching.Count + Others.Count;

    public bool Converged => Active > 0 && Others.Count == 0;

    /// <summary>Sorts the active workers given into matching and others; other statuses are ignored.</summary>
    public static VerifyReport Evaluate(IEnumerable<Worker> workers, ExpectedBuild expected)
    {
        var active = workers.Where(w => w.Status == Amp.Core.Workers.WorkerStatus.Active && !w.IsRetired).ToList();
        return new VerifyReport(expected, active.Where(w => expected.Matches(w.Info)).ToList(), active.Where(w => !expected.Matches(w.Info)).ToList());
    }

    /// <summary><c>2 of 3 active workers run v1.2.0</c>, or <c>no active workers</c>.</summary>
    public string Summary() =>
        Active == 0 ? "no active workers" : $"{Matching.Count} of {Plural(Active, "active worker")} run {Expected.Describe()}";

    /// <param name="waited">The <c>--wait</c> that ran out, for <c>not converged after 5m</c>; null without <c>--wait</c>.</param>
    public string RenderText(bool colour, string? waited)
    {
        var sb = new StringBuilder();
        if (Converged)
            return $"{Marks.Ok(colour)} every active worker runs {Expected.Describe()} ({Matching.Count} of {Active})\n";
        sb.Append(Marks.Fail(colour)).Append(waited is null ? " not converged: " : $" not converged after {waited}: ").Append(Summary()).Append('\n');
        foreach (var w in Others)
        {
            sb.Append(Marks.Fail(colour)).Append(' ').Append(w.NodeId.Value)
                .Append(" runs ").Append(w.Info.Version).Append(" (").Append(Commits.Short(w.Info.CommitSha, 7)).Append(")\n");
        }
        return sb.ToString();
    }

    /// <summary><c>{"converged","expected":{"version"|"commit_sha"},"active","matching":[ids],"others":[{"node_id","version","commit_sha"}]}</c>.</summary>
    public string ToJson() => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("converged", Converged);
        json.WriteStartObject("expected");
        switch (Expected)
        {
            case ExpectedBuild.OfVersion v:
                json.WriteString("version", v.Version);
                break;
            case ExpectedBuild.OfCommit c:
                json.WriteString("commit_sha", c.Prefix);
                break;
        }
        json.WriteEndObject();
        json.WriteNumber("active", Active);
        json.WriteStartArray("matching");
        foreach (var w in Matching)
            json.WriteStringValue(w.NodeId.Value);
        json.WriteEndArray();
        json.WriteStartArray("others");
        foreach (var w in Others)
        {
            json.WriteStartObject();
            json.WriteString("node_id", w.NodeId.Value);
            json.WriteString("version", w.Info.Version);
            json.WriteString("commit_sha", w.Info.CommitSha);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
