using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Workers;

/// <summary>
/// Worker processes dying, hanging, restarting and colliding, observed through the Admin API and ampctl under a
/// controller with small liveness thresholds (active 2 s, inactive 6 s). Each test uses its own worker of the
/// fleet and compares with what it saw before, so the order of the tests does not matter.
/// </summary>
public sealed class WorkerLifecycleTests(FastLivenessFleet fleet) : IClassFixture<FastLivenessFleet>
{
    [Fact]
    public async Task Killed_worker_becomes_inactive_and_its_restart_increments_restarts()
    {
        var before = await fleet.WaitForStatusAsync("worker-01", "active");

        fleet.Worker("worker-01").Kill9();

        // SIGKILL ends the lock session at once: inactive long before the heartbeat is 6 s old.
        var dead = await fleet.WaitForStatusAsync("worker-01", "inactive", TimeSpan.FromSeconds(20));
        Assert.True(dead.Num("heartbeat_age_ms") < FastLiveness.Inactive.TotalMilliseconds,
            $"worker-01 turned inactive only by heartbeat age ({dead.Num("heartbeat_age_ms")} ms), not by its lost lock");
        Assert.Equal(JsonValueKind.Null, dead.GetProperty("uptime_seconds").ValueKind);
        var listed = await fleet.AmpctlAsync("worker", "list", "--status", "inactive");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var row = Assert.Single(TextOutput.Table(listed.Stdout), r => r["NODE ID"] == "worker-01");
        Assert.Equal("inactive", row["STATUS"]);
        Assert.Equal("-", row["UPTIME"]);

        // Whole-second timestamps: let the database clock pass the old registration's second first.
        await Eventually.UntilAsync(
            async () => await fleet.Db.ScalarAsync<bool>("SELECT date_trunc('second', now()) > $1::timestamptz", Rfc3339.Of(before, "registered_at")),
            "the database clock to pass the registration second");
        var after = await fleet.RestartWorkerAsync("worker-01");

        Assert.Equal(before.Num("restarts") + 1, after.Num("restarts"));
        Assert.Equal(before.Num("epoch") + 1, after.Num("epoch"));
        Assert.Equal(before.Str("created_at"), after.Str("created_at"));
        Assert.True(Rfc3339.Of(after, "registered_at") > Rfc3339.Of(before, "registered_at"),
            $"registered_at did not move: {before.Str("registered_at")} -> {after.Str("registered_at")}");
        Assert.True(after.Num("uptime_seconds") >= 0);

        // The documented restart-detection and uptime scripts see the restart (they name worker-01).
        var detection = await DocumentedScript.RunAsync(fleet, "restart-detection.sh");
        Assert.True(detection.ExitCode == 0, detection.ToString());
        var lines = detection.StdoutLines;
        Assert.Equal($"Created:     {after.Str("created_at")}", lines[0]);
        Assert.Equal($"Registered:  {after.Str("registered_at")}", lines[1]);
        Assert.StartsWith("Heartbeat:   ", lines[2], StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(lines[1]["Registered:  ".Length..], lines[0]["Created:     ".Length..]) > 0, "registered_at > created_at");
        var uptime = await DocumentedScript.RunAsync(fleet, "uptime.sh");
        Assert.Equal("Uptime: 0 days since last restart\n", uptime.Stdout);
    }

    [Fact]
    public async Task Stopped_worker_is_stalled_then_inactive_and_active_again_once_continued()
    {
        await fleet.WaitForStatusAsync("worker-02", "active");
        var process = fleet.Worker("worker-02");

        process.Signal(Signals.SIGSTOP);
        try
        {
            // Heartbeats stop but the lock session stays open: stalled after 2 s ...
            var stalled = await fleet.WaitForStatusAsync("worker-02", "stalled", TimeSpan.FromSeconds(20));
            Assert.InRange(stalled.Num("heartbeat_age_ms"), (long)FastLiveness.Active.TotalMilliseconds, (long)FastLiveness.Inactive.TotalMilliseconds);
            Assert.True(stalled.Num("uptime_seconds") >= 0);

            // ... which ampctl's server-side filter shows too (polled: the stalled window is only 4 s wide) ...
            await Eventually.UntilAsync(async () =>
            {
                var run = await fleet.AmpctlAsync("worker", "list", "--status", "stalled", "--json");
                return run.ExitCode == 0 && run.Stdout.Contains("\"node_id\":\"worker-02\"", StringComparison.Ordinal);
            }, "ampctl worker list --status stalled to show worker-02", TimeSpan.FromSeconds(20));

            // ... and inactive once the heartbeat is older than 6 s.
            var inactive = await fleet.WaitForStatusAsync("worker-02", "inactive", TimeSpan.FromSeconds(20));
            Assert.True(inactive.Num("heartbeat_age_ms") > FastLiveness.Inactive.TotalMilliseconds);
            Assert.Equal(JsonValueKind.Null, inactive.GetProperty("uptime_seconds").ValueKind);
        }
        finally
        {
            process.Signal(Signals.SIGCONT);
        }

        var back = await fleet.WaitForStatusAsync("worker-02", "active", TimeSpan.FromSeconds(30));
        Assert.False(process.HasExited, process.Output);
        Assert.True(back.Num("heartbeat_age_ms") <= FastLiveness.Active.TotalMilliseconds);
    }

    [Fact]
    public async Task Stopped_worker_killed_while_stalled_is_inactive_at_once()
    {
        await fleet.WaitForStatusAsync("worker-03", "active");
        var process = fleet.Worker("worker-03");
        process.Signal(Signals.SIGSTOP);
        await fleet.WaitForStatusAsync("worker-03", "stalled", TimeSpan.FromSeconds(20));

        process.Kill9();

        var dead = await fleet.WaitForStatusAsync("worker-03", "inactive", TimeSpan.FromSeconds(20));
        Assert.True(dead.Num("heartbeat_age_ms") < FastLiveness.Inactive.TotalMilliseconds,
            $"worker-03 turned inactive only by heartbeat age ({dead.Num("heartbeat_age_ms")} ms), not by its lost lock");

        var restarted = await fleet.RestartWorkerAsync("worker-03");
        Assert.Equal(dead.Num("restarts") + 1, restarted.Num("restarts"));
    }

    [Fact]
    public async Task Second_worker_with_a_node_id_in_use_exits_1_and_leaves_the_incumbent_untouched()
    {
        var before = await fleet.WaitForStatusAsync("worker-01", "active");
        var incumbent = fleet.Worker("worker-01");
        var refusalsBefore = await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM worker_duplicate_starts WHERE node_id = $1", "worker-01");

        await using var duplicate = AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", "worker-01"], fleet.AmpdEnvironment);
        var exit = await duplicate.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 1, duplicate.Output);
        Assert.Contains("worker node ID 'worker-01' is already in use", duplicate.Stderr, StringComparison.Ordinal);
        var after = await fleet.GetWorkerAsync("worker-01");
        Assert.Equal("active", after.Str("status"));
        Assert.Equal(before.Num("epoch"), after.Num("epoch"));
        Assert.Equal(before.Num("restarts"), after.Num("restarts"));
        Assert.Equal(before.Str("registered_at"), after.Str("registered_at"));
        Assert.Equal(before.GetProperty("info").GetRawText(), after.GetProperty("info").GetRawText());
        Assert.False(incumbent.HasExited, incumbent.Output);
        Assert.Equal(refusalsBefore + 1, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM worker_duplicate_starts WHERE node_id = $1", "worker-01"));

        // The documented duplicate check still finds one row per node ID.
        var duplicates = await DocumentedScript.RunAsync(fleet, "scenario-4-duplicate-node-ids.sh");
        Assert.True(duplicates.ExitCode == 0, duplicates.ToString());
        Assert.Equal("", duplicates.Stdout);
    }
}
