using System.Reflection;
using Amp.Core.Build;

namespace Amp.Core.Tests;

public class BuildInfoTests
{
    [Theory]
    [InlineData("2026-11-29T19:20:15+01:00", "2026-11-29T18:20:15Z")]
    [InlineData("2026-11-29T18:20:15Z", "2026-11-29T18:20:15Z")]
    [InlineData("unknown", "unknown")]
    public void Commit_timestamps_are_normalised_to_utc_with_z(string raw, string expected) =>
        Assert.Equal(expected, BuildInfo.NormalizeTimestamp(raw));

    [Fact]
    public void An_assembly_without_stamps_reports_unknown_everywhere()
    {
        var info = BuildInfo.FromAssembly(typeof(object).Assembly);
        Assert.Equal(BuildInfo.Unavailable, info);
    }

    [Fact]
    public void A_missing_assembly_reports_unknown() =>
        Assert.Equal(BuildInfo.Unavailable, BuildInfo.FromAssembly(null));
}
