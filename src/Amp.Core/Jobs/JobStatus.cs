namespace Amp.Core.Jobs;

/// <summary>
/// The job state machine: SCHEDULED → RUNNING → COMPLETED | ERROR | FATAL; stop: STOP_REQUESTED → STOPPING →
/// STOPPED. ERROR is retried; FATAL never.
/// </summary>
public enum JobStatus
{
    Scheduled,
    Running,
    Completed,
    Stopped,
    StopRequested,
    Stopping,
    Error,
    Fatal,
}

public static class JobStatuses
{
    public static readonly IReadOnlyList<JobStatus> Terminal = [JobStatus.Completed, JobStatus.Stopped, JobStatus.Error, JobStatus.Fatal];
    public static readonly IReadOnlyList<JobStatus> Active = [JobStatus.Scheduled, JobStatus.Running, JobStatus.StopRequested, JobStatus.Stopping];

    public static bool IsTerminal(this JobStatus s) => Terminal.Contains(s);

    public static string ToWire(this JobStatus s) => s switch
    {
        JobStatus.Scheduled => "SCHEDULED",
        JobStatus.Running => "RUNNING",
        JobStatus.Completed => "COMPLETED",
        JobStatus.Stopped => "STOPPED",
        JobStatus.StopRequested => "STOP_REQUESTED",
        JobStatus.Stopping => "STOPPING",
        JobStatus.Error => "ERROR",
        JobStatus.Fatal => "FATAL",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>Case-insensitive, as Amp accepts them.</summary>
    public static bool TryParse(string? raw, out JobStatus status)
    {
        foreach (var s in Enum.GetValues<JobStatus>())
        {
            if (string.Equals(s.ToWire(), raw?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = s;
                return true;
            }
        }
        status = default;
        return false;
    }
}
