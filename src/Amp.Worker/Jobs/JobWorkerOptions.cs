namespace Amp.Worker.Jobs;

public sealed record JobWorkerOptions
{
    /// <summary>How often the worker compares what it runs with what the database assigns it.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan ListenBackoffInitial { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan ListenBackoffMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Directory of the diagnostic execution journal (<c>jobs.execution_journal</c>); null turns it off.</summary>
    public string? ExecutionJournalDirectory { get; init; }
}
