using Amp.Core.Workers;

namespace Amp.Controller;

/// <summary>Settings of the Admin API and scheduler.</summary>
public sealed record ControllerOptions
{
    public LivenessThresholds Liveness { get; init; } = LivenessThresholds.Default;

    /// <summary>How often the controller records vanished incarnations as crashed.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the controller looks for jobs to fail over, retry or finish stopping.</summary>
    public TimeSpan SupervisorInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Attempts (first run, retries, crashes) before a job becomes FATAL.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Upper bound of the 2^n seconds retry backoff of ERROR jobs.</summary>
    public TimeSpan RetryBackoffCap { get; init; } = TimeSpan.FromMinutes(10);
}
