using Amp.Core.Workers;

namespace Amp.Core.Tests;

public class LivenessThresholdsTests
{
    [Fact]
    public void Defaults_are_five_and_thirty_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), LivenessThresholds.Default.Active);
        Assert.Equal(TimeSpan.FromSeconds(30), LivenessThresholds.Default.Inactive);
    }

    [Fact]
    public void Inactive_threshold_must_exceed_active()
    {
        Assert.False(LivenessThresholds.TryCreate(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), out _, out var error));
        Assert.Contains("must be greater", error);
    }

    [Fact]
    public void Non_positive_active_threshold_is_rejected() =>
        Assert.False(LivenessThresholds.TryCreate(TimeSpan.Zero, TimeSpan.FromSeconds(10), out _, out _));
}
