using System.Diagnostics.CodeAnalysis;

namespace Amp.AdminClient.Jobs;

/// <summary>
/// The <c>status</c> filter of <c>GET /jobs</c>: <c>active</c> (SCHEDULED, RUNNING, STOP_REQUESTED, STOPPING; the
/// server's default), <c>terminal</c> (COMPLETED, STOPPED, ERROR, FATAL), <c>all</c>, or a list of statuses.
/// </summary>
public sealed record JobListFilter
{
    private JobListFilter(string queryValue, IReadOnlyList<JobStatus> statuses)
    {
        QueryValue = queryValue;
        Statuses = statuses;
    }

    public static JobListFilter Active { get; } = new("active", []);

    public static JobListFilter All { get; } = new("all", []);

    public static JobListFilter Terminal { get; } = new("terminal", []);

    /// <summary>The value sent as <c>status=</c>: <c>active</c>, <c>all</c> or e.g. <c>RUNNING,ERROR</c>.</summary>
    public string QueryValue { get; }

    /// <summary>The statuses asked for by name; empty for <see cref="Active"/>, <see cref="Terminal"/> and <see cref="All"/>.</summary>
    public IReadOnlyList<JobStatus> Statuses { get; }

    public static JobListFilter Of(IEnumerable<JobStatus> statuses)
    {
        var list = statuses.Distinct().ToList();
        if (list.Count == 0 || list.Contains(JobStatus.Unknown))
            throw new ArgumentException("a status filter needs at least one known status", nameof(statuses));
        return new JobListFilter(string.Join(',', list.Select(s => s.ToWire())), list);
    }

    /// <summary>Parses <c>active</c>, <c>terminal</c>, <c>all</c> or a comma list of statuses, ignoring case and spaces.</summary>
    public static bool TryParse(string? raw, [NotNullWhen(true)] out JobListFilter? filter, [NotNullWhen(false)] out string? error)
    {
        filter = null;
        error = null;
        var text = raw?.Trim() ?? "";
        if (text.Equals("active", StringComparison.OrdinalIgnoreCase))
            filter = Active;
        else if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
            filter = All;
        else if (text.Equals("terminal", StringComparison.OrdinalIgnoreCase))
            filter = Terminal;
        else
        {
            var statuses = new List<JobStatus>();
            foreach (var part in text.Split(','))
            {
                if (!JobStatusNames.TryParse(part, out var status))
                {
                    error = $"unknown job status '{part.Trim()}'; expected active, terminal, all, or a comma list of "
                        + string.Join(", ", JobStatusNames.Known.Select(s => s.ToWire()));
                    return false;
                }
                statuses.Add(status);
            }
            filter = Of(statuses);
        }
        return true;
    }

    public override string ToString() => QueryValue;
}
