namespace Amp.Core.Workers;

/// <summary>Liveness of a worker, computed on the server with the database clock (DESIGN.md §6).</summary>
public enum WorkerStatus
{
    /// <summary>Heartbeat no older than the active threshold and its lock is held.</summary>
    Active,
    /// <summary>Heartbeat older than the active threshold but not yet inactive.</summary>
    Stalled,
    /// <summary>Heartbeat older than the inactive threshold, or its advisory lock is no longer held.</summary>
    Inactive,
}

public static class WorkerStatusNames
{
    public static string ToWire(this WorkerStatus status) => status switch
    {
        WorkerStatus.Active => "active",
        WorkerStatus.Stalled => "stalled",
        WorkerStatus.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? raw, out WorkerStatus status)
    {
        switch (raw?.Trim().ToLowerInvariant())
        {
            case "active": status = WorkerStatus.Active; return true;
            case "stalled": status = WorkerStatus.Stalled; return true;
            case "inactive": status = WorkerStatus.Inactive; return true;
            default: status = default; return false;
        }
    }
}
