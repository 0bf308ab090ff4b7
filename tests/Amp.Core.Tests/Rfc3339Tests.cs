using Amp.Core.Time;

namespace Amp.Core.Tests;

public class Rfc3339Tests
{
    [Fact]
    public void Timestamps_have_whole_seconds_and_a_z()
    {
        var t = new DateTime(2026, 11, 29, 18, 20, 15, 987, DateTimeKind.Utc).AddTicks(6543);
        Assert.Equal("2026-11-29T18:20:15Z", Rfc3339.Format(t));
    }

    [Fact]
    public void Offsets_are_converted_to_utc() =>
        Assert.Equal("2026-11-29T17:20:15Z", Rfc3339.Format(new DateTimeOffset(2026, 11, 29, 18, 20, 15, TimeSpan.FromHours(1))));
}
