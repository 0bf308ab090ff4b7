namespace Amp.Query.Engine;

/// <summary>
/// The engine's limits. Each query runs alone on one of <see cref="MaxConcurrentQueries"/> DuckDB databases, with
/// <see cref="MemoryLimitBytes"/> of memory (no spilling to disk: the limit is hard) and <see cref="ThreadsPerQuery"/>
/// threads; it is interrupted after <see cref="StatementTimeout"/>, which also bounds the wait for a free slot.
/// </summary>
public sealed record QueryEngineOptions
{
    public const long MinimumMemoryLimitBytes = 16L * 1024 * 1024;

    public int MaxConcurrentQueries { get; init; } = 4;

    public TimeSpan StatementTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public long MemoryLimitBytes { get; init; } = 1024L * 1024 * 1024;

    public int ThreadsPerQuery { get; init; } = 2;

    /// <summary>Null when the options are usable; otherwise what is wrong with them.</summary>
    public string? Validate()
    {
        if (MaxConcurrentQueries < 1)
            return $"max concurrent queries must be at least 1, not {MaxConcurrentQueries}";
        if (StatementTimeout <= TimeSpan.Zero)
            return $"the statement timeout must be positive, not {StatementTimeout}";
        if (MemoryLimitBytes < MinimumMemoryLimitBytes)
            return $"the memory limit must be at least {MinimumMemoryLimitBytes / (1024 * 1024)} MiB, not {MemoryLimitBytes} bytes";
        if (ThreadsPerQuery < 1)
            return $"threads per query must be at least 1, not {ThreadsPerQuery}";
        return null;
    }
}
