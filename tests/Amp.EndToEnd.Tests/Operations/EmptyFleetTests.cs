using System.Net;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>A controller whose metadata database has no worker at all (a fresh install).</summary>
public sealed class EmptyFleet() : AmpFleet([]);

/// <summary>
/// The operator commands before any worker registered: the checks fail (a fleet that runs nothing is not healthy
/// and has not converged), the reports say there is nothing.
/// </summary>
public sealed class EmptyFleetTests(EmptyFleet fleet) : IClassFixture<EmptyFleet>
{
    [Fact]
    public async Task Health_and_verify_fail_when_there_is_no_worker()
    {
        var health = await fleet.AmpctlAsync("worker", "health");
        var verify = await fleet.AmpctlAsync("worker", "verify", "--version", "v1.0.0");

        Assert.Equal(1, health.ExitCode);
        Assert.Equal("No workers found\n", health.Stdout);
        Assert.Equal(1, verify.ExitCode);
        Assert.Equal("✗ not converged: no active workers\n", verify.Stdout);
    }

    [Fact]
    public async Task Reports_say_there_is_nothing_and_exit_0()
    {
        var versions = await fleet.AmpctlAsync("worker", "versions");
        var all = await fleet.AmpctlAsync("worker", "versions", "--all");
        var summary = await fleet.AmpctlAsync("worker", "summary");
        var export = await fleet.AmpctlAsync("worker", "export");
        var metrics = await fleet.GetAsync("/metrics");

        Assert.Equal((0, "No active workers found\n"), (versions.ExitCode, versions.Stdout));
        Assert.Equal((0, "No workers found\n"), (all.ExitCode, all.Stdout));
        Assert.Equal(0, summary.ExitCode);
        Assert.Equal(
        [
            "Workers: 0 (0 active, 0 stalled, 0 inactive; 0 draining; 0 retired)",
            "Versions: none",
            "Oldest running commit: -",
            "Refused duplicate starts (24h): 0",
        ], summary.StdoutLines);
        Assert.Equal(0, export.ExitCode);
        Assert.Equal("node_id,status,version,commit_sha,commit_timestamp,build_date,created_at,registered_at,heartbeat_at,restarts\n", export.Stdout);
        Assert.Equal(HttpStatusCode.OK, metrics.Status);
        var samples = PrometheusText.Samples(metrics.Body);
        foreach (var status in new[] { "active", "stalled", "inactive" })
            Assert.Equal(0, samples.Value($"amp_workers{{status=\"{status}\"}}"));
    }
}
