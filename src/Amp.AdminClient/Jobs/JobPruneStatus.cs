namespace Amp.AdminClient.Jobs;

/// <summary>Which finished jobs <c>DELETE /jobs?status=</c> removes.</summary>
public enum JobPruneStatus
{
    /// <summary>COMPLETED, STOPPED, ERROR and FATAL: every job that has finished.</summary>
    Terminal,
    Completed,
    Stopped,

    /// <summary>ERROR only (jobs the controller would still retry).</summary>
    Error,
    Fatal,
}

/// <summary>Wire names of <see cref="JobPruneStatus"/> (lowercase), case-insensitive on input.</summary>
public static class JobPruneStatusNames
{
    public static IReadOnlyList<JobPruneStatus> All { get; } = Enum.GetValues<JobPruneStatus>();

    public static string ToWire(this JobPruneStatus status) => status switch
    {
        JobPruneStatus.Completed => "completed",
        JobPruneStatus.Stopped => "stopped",
        JobPruneStatus.Error => "error",
        JobPruneStatus.Fatal => "fatal",
        _ => "terminal",
    };

    public static bool TryParse(string? raw, out JobPruneStatus status)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), raw?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = JobPruneStatus.Terminal;
        return false;
    }
}
