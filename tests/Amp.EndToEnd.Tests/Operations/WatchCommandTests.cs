using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// <c>ampctl worker watch [--interval D] [--count N] [--json]</c> with stdout on a pipe (not a terminal): one plain
/// snapshot per poll, ended by <c>--count</c> or by a signal, against the shared read-only fleet.
/// </summary>
[Collection(SteadyFleetCollection.Name)]
public sealed partial class WatchCommandTests(ThreeWorkerFleet fleet)
{
    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)  3 workers \(3 active, 0 stalled, 0 inactive; 0 draining\)$", RegexOptions.Multiline)]
    private static partial Regex SnapshotHeader();

    [Fact]
    public async Task Piped_watch_with_a_count_prints_that_many_snapshots_and_exits_0()
    {
        var clock = Stopwatch.StartNew();
        var run = await fleet.AmpctlAsync("worker", "watch", "--interval", "500ms", "--count", "3");
        var took = clock.Elapsed;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stdout);
        var headers = SnapshotHeader().Matches(run.Stdout).ToList();
        Assert.Equal(3, headers.Count);
        var stamps = headers.Select(m => Rfc3339.Parse(m.Groups[1].Value)).ToList();
        Assert.True(stamps[0] <= stamps[1] && stamps[1] <= stamps[2], string.Join(", ", stamps));
        Assert.True(took >= TimeSpan.FromSeconds(1), $"three polls 500 ms apart took only {took}");

        // Each snapshot: the header line, the worker table with a DRAINING column, a blank line.
        var snapshots = run.Stdout.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, snapshots.Length);
        foreach (var snapshot in snapshots)
        {
            var table = string.Join('\n', snapshot.Split('\n').Skip(1));
            Assert.Equal(["NODE ID", "STATUS", "VERSION", "LAST HEARTBEAT", "UPTIME", "JOBS", "DRAINING"], TextOutput.Columns(table));
            var rows = TextOutput.Table(table);
            Assert.Equal(DocNodeIds.Three, rows.Select(r => r["NODE ID"]));
            Assert.All(rows, r => Assert.Equal("active", r["STATUS"]));
            Assert.All(rows, r => Assert.Equal("-", r["DRAINING"]));
        }
    }

    [Fact]
    public async Task Json_watch_prints_one_api_answer_per_line()
    {
        var run = await fleet.AmpctlAsync("worker", "watch", "--json", "--interval", "200ms", "--count", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.All(run.StdoutLines, line => Assert.Equal(DocNodeIds.Three, FleetOperations.NodeIdsOf(line)));
    }

    [Theory]
    [InlineData(Signals.SIGINT)]
    [InlineData(Signals.SIGTERM)]
    public async Task Signal_ends_a_running_watch_with_exit_0(int signal)
    {
        await using var watch = AmpProcess.Start(Binaries.Ampctl, ["worker", "watch", "--interval", "500ms", "--admin-url", fleet.AdminUrl]);
        await Eventually.UntilAsync(() => SnapshotHeader().Matches(watch.Stdout).Count >= 2 || watch.HasExited, "two snapshots from ampctl worker watch");
        Assert.False(watch.HasExited, watch.Output);

        watch.Signal(signal);
        var exit = await watch.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.True(exit == 0, watch.Output);
        Assert.Equal("", watch.Stderr);
        Assert.True(SnapshotHeader().Matches(watch.Stdout).Count >= 2, watch.Output);
        Assert.EndsWith("\n\n", watch.Stdout.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal); // no half-written snapshot
    }

    [Fact]
    public async Task Unreachable_controller_is_shown_in_each_snapshot_and_the_count_ends_with_exit_1()
    {
        var nobody = $"http://127.0.0.1:{Ports.Free()}";

        var run = await AmpFleet.RunAmpctlAsync(["worker", "watch", "--interval", "100ms", "--count", "2", "--admin-url", nobody]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.All(run.StdoutLines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  ✗ ", l));
        Assert.All(run.StdoutLines, l => Assert.Contains(nobody, l, StringComparison.Ordinal));
    }
}
