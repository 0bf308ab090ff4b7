using System.Text.Json;
using System.Text.RegularExpressions;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// <c>ampctl worker health [--threshold D] [--json]</c> on a fleet of three real workers: one line per worker,
/// exit 0 only when every one is alive. Each test starts from a fleet whose workers are all running
/// (<see cref="FleetOperations.RestoreAsync"/>), so the test that kills a worker does not affect the others.
/// </summary>
public sealed partial class HealthCommandTests(ThreeWorkerFleet fleet) : IClassFixture<ThreeWorkerFleet>
{
    [GeneratedRegex(@"^([✓✗]) (\S+)\s+heartbeat (\d+\.\ds|\d+m \d+s) ago  (active|stalled|inactive)$")]
    private static partial Regex HealthLine();

    private static List<(string Mark, string NodeId, string Status)> Lines(CommandResult run) =>
        run.StdoutLines.Select(l =>
        {
            var m = HealthLine().Match(l);
            Assert.True(m.Success, $"not a health line: '{l}'\n{run}");
            return (m.Groups[1].Value, m.Groups[2].Value, m.Groups[4].Value);
        }).ToList();

    [Fact]
    public async Task All_workers_alive_exits_0_with_one_check_mark_per_worker()
    {
        await fleet.RestoreAsync();

        var run = await fleet.AmpctlAsync("worker", "health");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.Equal(DocNodeIds.Three.Select(id => ("✓", id, "active")), Lines(run));
    }

    [Fact]
    public async Task Killed_worker_is_marked_unhealthy_and_the_command_exits_1()
    {
        await fleet.RestoreAsync();

        fleet.Worker("worker-02").Kill9();
        await fleet.WaitForStatusAsync("worker-02", "inactive", TimeSpan.FromSeconds(20));
        var text = await fleet.AmpctlAsync("worker", "health");
        var json = await fleet.AmpctlAsync("worker", "health", "--json");

        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Equal([("✓", "worker-01", "active"), ("✗", "worker-02", "inactive"), ("✓", "worker-03", "active")], Lines(text));

        Assert.True(json.ExitCode == 1, json.ToString());
        Assert.Single(json.StdoutLines);
        var report = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.False(report.GetProperty("healthy").GetBoolean());
        Assert.Equal(30, report.GetProperty("threshold_seconds").GetDouble());
        var workers = report.GetProperty("workers").EnumerateArray().ToDictionary(w => w.Str("node_id"));
        Assert.Equal(DocNodeIds.Three, workers.Keys);
        Assert.False(workers["worker-02"].GetProperty("healthy").GetBoolean());
        Assert.Equal("inactive", workers["worker-02"].Str("status"));
        Assert.True(workers["worker-01"].GetProperty("healthy").GetBoolean());
        Assert.True(workers["worker-03"].GetProperty("healthy").GetBoolean());
        Assert.True(workers["worker-02"].Num("heartbeat_age_ms") >= 0);

        // Back to work: the next incarnation is healthy again.
        await fleet.RestartWorkerAsync("worker-02");
        var after = await fleet.AmpctlAsync("worker", "health");
        Assert.True(after.ExitCode == 0, after.ToString());
    }

    [Fact]
    public async Task Threshold_below_the_heartbeat_age_makes_live_workers_unhealthy()
    {
        await fleet.RestoreAsync();

        // A worker beats every second: a heartbeat is rarely under 1 ms old, never for all three at once for long.
        var tight = await Eventually.ValueAsync(() => fleet.AmpctlAsync("worker", "health", "--threshold", "1ms", "--json"),
            r => r.ExitCode == 1, "ampctl worker health --threshold 1ms to report an unhealthy fleet");
        var loose = await fleet.AmpctlAsync("worker", "health", "--threshold", "1h");

        var report = JsonDocument.Parse(tight.Stdout).RootElement;
        Assert.False(report.GetProperty("healthy").GetBoolean());
        Assert.Equal(0.001, report.GetProperty("threshold_seconds").GetDouble());
        foreach (var w in report.GetProperty("workers").EnumerateArray())
        {
            // Every verdict follows from the figures printed next to it: alive and no older than the threshold.
            Assert.NotEqual("inactive", w.Str("status"));
            Assert.Equal(w.Num("heartbeat_age_ms") <= 1, w.GetProperty("healthy").GetBoolean());
        }
        Assert.True(loose.ExitCode == 0, loose.ToString());
        Assert.All(Lines(loose), l => Assert.Equal("✓", l.Mark));
    }

    [Fact]
    public async Task Invalid_threshold_is_a_usage_error()
    {
        var run = await fleet.AmpctlAsync("worker", "health", "--threshold", "soon");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("invalid --threshold 'soon'", run.Stderr, StringComparison.Ordinal);
    }
}
