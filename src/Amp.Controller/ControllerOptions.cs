using Amp.Core.Workers;

namespace Amp.Controller;

/// <summary>Settings of the Admin API and scheduler.</summary>
public sealed record ControllerOptions
{
    public LivenessThresholds Liveness { get; init; } = LivenessThresholds.Default;
}
