using Ampctl.Output;

namespace Ampctl.Tests.Unit;

public sealed class DurationsTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(46, "46s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m 0s")]
    [InlineData(286, "4m 46s")]
    [InlineData(3599, "59m 59s")]
    [InlineData(3600, "1h 0m")]
    [InlineData(7380, "2h 3m")]
    [InlineData(86399, "23h 59m")]
    [InlineData(86400, "1d 0h")]
    [InlineData(3 * 86400 + 4 * 3600 + 59 * 60, "3d 4h")]
    [InlineData(-5, "0s")]
    public void Format_shows_the_two_largest_units(long seconds, string expected) =>
        Assert.Equal(expected, Durations.Format(seconds));

    [Theory]
    [InlineData(0, "0.0s")]
    [InlineData(412, "0.4s")]
    [InlineData(999, "0.9s")]
    [InlineData(12_345, "12.3s")]
    [InlineData(59_999, "59.9s")]
    [InlineData(60_000, "1m 0s")]
    [InlineData(3_723_000, "1h 2m")]
    [InlineData(-1, "0.0s")]
    public void Age_is_tenths_of_a_second_under_a_minute_then_compact(long ms, string expected) =>
        Assert.Equal(expected, Durations.FormatAge(ms));

    [Fact]
    public void Uptime_of_an_inactive_worker_is_a_dash()
    {
        Assert.Equal("-", Durations.FormatUptime(null));
        Assert.Equal("4m 46s", Durations.FormatUptime(286));
    }
}
