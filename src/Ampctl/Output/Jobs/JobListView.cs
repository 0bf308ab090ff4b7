using System.Globalization;
using Amp.AdminClient.Jobs;
using Amp.Core.Time;
using Spectre.Console;

namespace Ampctl.Output.Jobs;

/// <summary>
/// The human form of <c>ampctl job list</c>: a table (ID, STATUS, KIND, WORKER, ATTEMPT, AGE; <c>-o wide</c> adds
/// EPOCH, CREATED, UPDATED and DESCRIPTOR), then <c>Next cursor: 12</c> after a blank line when more may follow.
/// With no active jobs it says how to see the finished ones.
/// </summary>
internal static class JobListView
{
    public const string NoJobs = "No jobs found";
    public const string NoActiveJobs = "No active jobs. Finished jobs: ampctl job list --status terminal (or --status all)";

    public static void Write(CliOutput output, JobList list, JobListFilter filter, DateTimeOffset now, bool wide)
    {
        if (list.Jobs.Count == 0)
            output.WriteText((filter == JobListFilter.Active ? NoActiveJobs : NoJobs) + "\n");
        else
            output.Write(Build(list.Jobs, now, wide));
        if (list.NextCursor is { } cursor)
            output.WriteText("\nNext cursor: " + cursor.ToString() + "\n");
    }

    public static Table Build(IReadOnlyList<JobInfo> jobs, DateTimeOffset now, bool wide)
    {
        var table = new Table().Border(TableBorder.None);
        List<string> headers = ["ID", "STATUS", "KIND", "WORKER", "ATTEMPT", "AGE"];
        if (wide)
            headers.AddRange(["EPOCH", "CREATED", "UPDATED", "DESCRIPTOR"]);
        for (var i = 0; i < headers.Count; i++)
            table.AddColumn(new TableColumn(new Text(headers[i])).NoWrap().PadLeft(0).PadRight(i == headers.Count - 1 ? 0 : 3));
        foreach (var job in jobs)
        {
            var cells = new List<string>
            {
                job.Id.ToString(),
                job.Status.ToWire(),
                job.Descriptor?.Kind ?? "-",
                job.NodeId.Value,
                job.Attempts is { } attempts ? Attempts(attempts, job.MaxAttempts, "/") : "-",
                Durations.Format((long)(now - job.CreatedAt).TotalSeconds),
            };
            if (wide)
            {
                cells.Add(job.Epoch?.ToString() ?? "-");
                cells.Add(Rfc3339.Format(job.CreatedAt));
                cells.Add(Rfc3339.Format(job.UpdatedAt));
                cells.Add(job.Descriptor is { } d ? DescriptorText.Summary(d) : "-");
            }
            table.AddRow(cells.Select(c => new Text(c)).ToArray());
        }
        return table;
    }

    /// <summary><c>2/10</c> or <c>2 of 10</c> (with <paramref name="separator"/>), or <c>2</c> when the maximum is unknown.</summary>
    public static string Attempts(int attempts, int? maxAttempts, string separator) =>
        maxAttempts is { } max
            ? attempts.ToString(CultureInfo.InvariantCulture) + separator + max.ToString(CultureInfo.InvariantCulture)
            : attempts.ToString(CultureInfo.InvariantCulture);
}
