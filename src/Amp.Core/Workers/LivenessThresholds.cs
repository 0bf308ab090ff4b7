namespace Amp.Core.Workers;

/// <summary>
/// The one liveness rule (DESIGN.md §6): heartbeat age up to <see cref="Active"/> is active, older than
/// <see cref="Inactive"/> is inactive, stalled in between. A worker whose lock is gone is inactive at once.
/// </summary>
public sealed record LivenessThresholds(TimeSpan Active, TimeSpan Inactive)
{
    public static LivenessThresholds Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    public static bool TryCreate(TimeSpan active, TimeSpan inactive, out LivenessThresholds thresholds, out string? error)
    {
        thresholds = Default;
        if (active <= TimeSpan.Zero)
        {
            error = "the active threshold must be positive";
            return false;
        }
        if (inactive <= active)
        {
            error = $"the inactive threshold ({inactive.TotalSeconds}s) must be greater than the active threshold ({active.TotalSeconds}s)";
            return false;
        }
        thresholds = new LivenessThresholds(active, inactive);
        error = null;
        return true;
    }
}
