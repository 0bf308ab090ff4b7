using Amp.Testing;

namespace Amp.EndToEnd.Tests.Outages;

/// <summary>A controller and no workers; the test stops the controller.</summary>
public sealed class ControllerOnlyFleet() : AmpFleet([]);

/// <summary>ampctl when the Admin API is not there: exit 1 and one line that names the URL it tried.</summary>
public sealed class ControllerDownTests(ControllerOnlyFleet fleet) : IClassFixture<ControllerOnlyFleet>
{
    [Theory]
    [InlineData("worker", "list")]
    [InlineData("worker", "list", "--json")]
    [InlineData("worker", "inspect", "worker-01")]
    [InlineData("workers", "get", "worker-01", "--json")]
    public async Task Ampctl_exits_1_with_one_line_naming_the_url_when_nothing_listens(params string[] args)
    {
        var url = $"http://127.0.0.1:{Ports.Free()}";

        var run = await AmpFleet.RunAmpctlAsync([.. args, "--admin-url", url]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"✗ cannot reach the Admin API at {url}: ", line, StringComparison.Ordinal);
        Assert.Contains("connection refused", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ampctl_names_the_url_from_AMP_ADMIN_URL_when_nothing_listens()
    {
        var url = $"http://127.0.0.1:{Ports.Free()}";

        var run = await AmpFleet.RunAmpctlAsync(["worker", "list"], new Dictionary<string, string?> { ["AMP_ADMIN_URL"] = url });

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"✗ cannot reach the Admin API at {url}: ", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Controller_stopped_with_SIGTERM_exits_0_and_ampctl_then_fails_naming_its_url()
    {
        var up = await fleet.AmpctlAsync("worker", "list");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Equal("No workers found\n", up.Stdout);

        fleet.Controller.Signal(Signals.SIGTERM);
        var exit = await fleet.Controller.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.True(exit == 0, fleet.Controller.Output);
        var down = await fleet.AmpctlAsync("worker", "list");
        Assert.Equal(1, down.ExitCode);
        Assert.Equal("", down.Stdout);
        var line = Assert.Single(down.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"✗ cannot reach the Admin API at {fleet.AdminUrl}: ", line, StringComparison.Ordinal);
    }
}
