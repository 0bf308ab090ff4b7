using Amp.Core.Workers;

namespace Amp.Controller;

/// <summary>Settings of the Admin API and scheduler.</summary>
public sealed record ControllerOptions
{
    public LivenessThresholds Liveness { get; init; } = LivenessThresholds.Default;

    /// <summary>How often the controller records vanished incarnations as crashed.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(2);
}
