using Ampctl.Commands;

namespace Ampctl.Tests.Unit;

public sealed class DurationOptionTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("30", 30_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("0.25s", 250)]
    [InlineData(" 2s ", 2_000)]
    [InlineData("0", 0)]
    public void Accepts_units_and_plain_seconds(string raw, long ms)
    {
        Assert.True(DurationOption.TryParse(raw, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(ms), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("5 m")]
    [InlineData("5M")]
    [InlineData("1d")]
    [InlineData("-1s")]
    [InlineData("1e3")]
    [InlineData("1,5")]
    public void Rejects_anything_else(string raw) =>
        Assert.False(DurationOption.TryParse(raw, out _, out _));

    [Fact]
    public void Rejects_durations_a_timer_cannot_wait()
    {
        Assert.False(DurationOption.TryParse("1000h", out _, out var error));
        Assert.Equal("must be at most 24 days", error);
    }

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(30_000, "30s")]
    [InlineData(90_000, "90s")]
    [InlineData(300_000, "5m")]
    [InlineData(3_600_000, "1h")]
    [InlineData(1_500, "1500ms")]
    public void Echoes_a_duration_in_its_largest_exact_unit(long ms, string expected) =>
        Assert.Equal(expected, DurationOption.Format(TimeSpan.FromMilliseconds(ms)));
}
