using System.Globalization;
using System.Text;
using Amp.AdminClient.Jobs;

namespace Ampctl.Output.Jobs;

/// <summary>
/// The human form of <c>ampctl job list</c>, Amp's layout: <c>Jobs:</c>, then <c>  12 - RUNNING (worker-01)</c> and
/// <c>    Descriptor: sleep 60s</c> per job, then <c>Next cursor: 12</c> after a blank line when more may follow.
/// A job scheduled more than once says so at the end of its line (<c>, attempt 2/10</c>).
/// </summary>
internal static class JobListView
{
    public const string NoJobs = "No jobs found";

    public static string Render(JobList list)
    {
        var sb = new StringBuilder();
        if (list.Jobs.Count == 0)
            sb.Append(NoJobs).Append('\n');
        else
        {
            sb.Append("Jobs:\n");
            foreach (var job in list.Jobs)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {job.Id} - {job.Status.ToWire()} ({job.NodeId.Value})");
                if (job.Attempts is > 1 and var attempts)
                    sb.Append(", attempt ").Append(Attempts(attempts, job.MaxAttempts, "/"));
                sb.Append('\n');
                if (job.Descriptor is { } descriptor)
                    sb.Append("    Descriptor: ").Append(DescriptorText.Summary(descriptor)).Append('\n');
            }
        }
        if (list.NextCursor is { } cursor)
            sb.Append('\n').Append("Next cursor: ").Append(cursor.ToString()).Append('\n');
        return sb.ToString();
    }

    /// <summary><c>2/10</c> or <c>2 of 10</c> (with <paramref name="separator"/>), or <c>2</c> when the maximum is unknown.</summary>
    public static string Attempts(int attempts, int? maxAttempts, string separator) =>
        maxAttempts is { } max
            ? attempts.ToString(CultureInfo.InvariantCulture) + separator + max.ToString(CultureInfo.InvariantCulture)
            : attempts.ToString(CultureInfo.InvariantCulture);
}
