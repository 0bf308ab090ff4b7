using System.Text;
using Amp.AdminClient.Jobs;
using Amp.Core.Time;

namespace Ampctl.Output.Jobs;

/// <summary>
/// The human form of <c>ampctl job inspect</c>, Amp's labelled block (<c>Job ID:</c>, <c>Status:</c>, <c>Worker:</c>,
/// <c>Created:</c>, <c>Updated:</c>, then <c>Descriptor:</c> and the indented JSON) with the owning incarnation
/// (<c>Epoch:</c>) and <c>Attempts:</c> added after <c>Worker:</c>.
/// </summary>
internal static class JobInspectView
{
    public static string Render(JobInfo job)
    {
        var sb = new StringBuilder();
        sb.Append("Job ID: ").Append(job.Id.ToString()).Append('\n');
        sb.Append("Status: ").Append(job.Status.ToWire()).Append('\n');
        sb.Append("Worker: ").Append(job.NodeId.Value).Append('\n');
        sb.Append("Epoch: ").Append(job.Epoch?.ToString() ?? "-").Append('\n');
        if (job.Attempts is { } attempts)
            sb.Append("Attempts: ").Append(JobListView.Attempts(attempts, job.MaxAttempts, " of ")).Append('\n');
        sb.Append("Created: ").Append(Rfc3339.Format(job.CreatedAt)).Append('\n');
        sb.Append("Updated: ").Append(Rfc3339.Format(job.UpdatedAt)).Append('\n');
        sb.Append('\n');
        sb.Append("Descriptor:\n");
        sb.Append(DescriptorText.Pretty(job.Descriptor?.Json)).Append('\n');
        return sb.ToString();
    }
}
