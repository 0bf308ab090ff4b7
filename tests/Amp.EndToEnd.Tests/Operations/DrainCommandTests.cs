using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// <c>ampctl worker drain | undrain | safe-to-stop ID</c>, the preStop hook of a rolling restart: a drain takes effect
/// on the worker's next heartbeat, <c>safe-to-stop</c> exits 0 only once the worker is drained, acknowledged and idle.
/// Each test uses its own worker and leaves it undrained.
/// </summary>
public sealed partial class DrainCommandTests(ThreeWorkerFleet fleet) : IClassFixture<ThreeWorkerFleet>
{
    [GeneratedRegex(@"^✓ Job (\d+) scheduled on \S+$")]
    private static partial Regex Scheduled();

    private static readonly TimeSpan AcknowledgeWithin = TimeSpan.FromSeconds(5);

    private Task<JsonElement> WaitForAcknowledgedDrainAsync(string nodeId) =>
        Eventually.ValueAsync(() => fleet.GetWorkerAsync(nodeId), w => w.GetProperty("drain_acknowledged_at").ValueKind == JsonValueKind.String,
            $"{nodeId} to acknowledge its drain", AcknowledgeWithin);

    private async Task<long> RunSleepJobAsync(string nodeId, int seconds)
    {
        var run = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--worker-id", nodeId);
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = long.Parse(Scheduled().Match(run.Stdout.TrimEnd()).Groups[1].Value, CultureInfo.InvariantCulture);
        await Eventually.ValueAsync(() => fleet.GetAsync($"/jobs/{id}"), r => r.Status == HttpStatusCode.OK && r.Json.Str("status") == "RUNNING",
            $"job {id} to run on {nodeId}");
        return id;
    }

    [Fact]
    public async Task Drain_is_acknowledged_within_seconds_and_an_idle_drained_worker_is_safe_to_stop()
    {
        await fleet.RestoreAsync();
        var notDrained = await fleet.AmpctlAsync("worker", "safe-to-stop", "worker-01");

        var drain = await fleet.AmpctlAsync("worker", "drain", "worker-01");
        var acknowledged = await WaitForAcknowledgedDrainAsync("worker-01");
        var safe = await fleet.AmpctlAsync("worker", "safe-to-stop", "worker-01");
        var safeJson = await fleet.AmpctlAsync("worker", "safe-to-stop", "worker-01", "--json");
        var listed = await fleet.AmpctlAsync("worker", "list");
        var inspect = await fleet.AmpctlAsync("worker", "inspect", "worker-01");

        Assert.Equal(1, notDrained.ExitCode);
        Assert.Equal("not safe: it is not draining and may receive jobs at any moment; run 'ampctl worker drain worker-01' first\n", notDrained.Stdout);
        Assert.True(drain.ExitCode == 0, drain.ToString());
        Assert.Matches(@"^✓ Worker worker-01 draining \(no new jobs\); acknowledged: (pending|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\n$", drain.Stdout);
        var since = Rfc3339.Of(acknowledged, "draining_since");
        Assert.True(Rfc3339.Of(acknowledged, "drain_acknowledged_at") >= since, acknowledged.GetRawText());
        Assert.True(safe.ExitCode == 0, safe.ToString());
        Assert.Equal("safe\n", safe.Stdout);
        var verdict = JsonDocument.Parse(safeJson.Stdout).RootElement;
        Assert.True(verdict.GetProperty("safe").GetBoolean());
        Assert.True(verdict.GetProperty("draining").GetBoolean());
        Assert.True(verdict.GetProperty("drain_acknowledged").GetBoolean());
        Assert.Equal(0, verdict.Num("running_jobs"));
        Assert.Equal("it is draining (acknowledged) and runs no jobs", verdict.Str("reason"));
        Assert.Equal("active (draining)", TextOutput.Table(listed.Stdout).Single(r => r["NODE ID"] == "worker-01")["STATUS"]);
        Assert.Equal($"since {acknowledged.Str("draining_since")} (acknowledged {acknowledged.Str("drain_acknowledged_at")})", TextOutput.Labels(inspect.Stdout)["Draining"]);

        var undrain = await fleet.AmpctlAsync("worker", "undrain", "worker-01");
        var after = await fleet.GetWorkerAsync("worker-01");
        var unsafeAgain = await fleet.AmpctlAsync("worker", "safe-to-stop", "worker-01");

        Assert.True(undrain.ExitCode == 0, undrain.ToString());
        Assert.Equal("✓ Worker worker-01 accepts jobs again\n", undrain.Stdout);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("draining_since").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("drain_acknowledged_at").ValueKind);
        Assert.Equal(1, unsafeAgain.ExitCode);
        Assert.StartsWith("not safe: it is not draining", unsafeAgain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drained_worker_with_a_running_job_is_not_safe_until_the_job_ends_and_takes_no_new_job()
    {
        await fleet.RestoreAsync();
        var job = await RunSleepJobAsync("worker-02", 600);

        await fleet.AmpctlAsync("worker", "drain", "worker-02");
        await WaitForAcknowledgedDrainAsync("worker-02");
        var busy = await fleet.AmpctlAsync("worker", "safe-to-stop", "worker-02");
        var refused = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "1", "--worker-id", "worker-02");
        var stop = await fleet.AmpctlAsync("job", "stop", job.ToString(CultureInfo.InvariantCulture));
        var idle = await Eventually.ValueAsync(() => fleet.AmpctlAsync("worker", "safe-to-stop", "worker-02"), r => r.ExitCode == 0,
            "worker-02 to be safe to stop once its job stopped");
        await fleet.AmpctlAsync("worker", "undrain", "worker-02");

        Assert.Equal(1, busy.ExitCode);
        Assert.Equal("not safe: it still runs 1 job(s); wait for them to finish or stop them\n", busy.Stdout);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("", refused.Stdout);
        Assert.Contains("(WORKER_NOT_AVAILABLE)", refused.Stderr, StringComparison.Ordinal);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal("safe\n", idle.Stdout);
    }

    [Fact]
    public async Task Drain_wait_that_runs_out_of_time_exits_1_saying_why_the_worker_is_not_safe()
    {
        await fleet.RestoreAsync();
        var job = await RunSleepJobAsync("worker-01", 600);
        try
        {
            var wait = await fleet.AmpctlAsync("worker", "drain", "worker-01", "--wait", "--timeout", "3s");

            Assert.Equal(1, wait.ExitCode);
            Assert.StartsWith("✓ Worker worker-01 draining (no new jobs)", wait.Stdout, StringComparison.Ordinal);
            Assert.Contains("worker-01 is still not safe to stop after 3s: it still runs 1 job(s); wait for them to finish or stop them", wait.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("is safe to stop", wait.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await fleet.AmpctlAsync("job", "stop", job.ToString(CultureInfo.InvariantCulture));
            await Eventually.ValueAsync(() => fleet.GetAsync($"/jobs/{job}"), r => r.Status == HttpStatusCode.OK && r.Json.Str("status") == "STOPPED",
                $"job {job} to stop");
            await fleet.AmpctlAsync("worker", "undrain", "worker-01");
        }
    }

    [Fact]
    public async Task Drain_survives_a_restart_of_the_worker_and_is_acknowledged_again()
    {
        await fleet.RestoreAsync();
        await fleet.AmpctlAsync("worker", "drain", "worker-03");
        var before = await WaitForAcknowledgedDrainAsync("worker-03");

        var restarted = await fleet.RestartWorkerAsync("worker-03");
        var after = await WaitForAcknowledgedDrainAsync("worker-03");
        await fleet.AmpctlAsync("worker", "undrain", "worker-03");

        Assert.Equal(before.Str("draining_since"), restarted.Str("draining_since"));
        Assert.Equal(before.Str("draining_since"), after.Str("draining_since"));
        Assert.True(after.Num("epoch") > before.Num("epoch"));
    }

    [Fact]
    public async Task Drain_of_an_unknown_worker_fails_and_an_invalid_id_is_a_usage_error()
    {
        var unknown = await fleet.AmpctlAsync("worker", "drain", "worker-99");
        var unknownProbe = await fleet.AmpctlAsync("worker", "safe-to-stop", "worker-99");
        var invalid = await fleet.AmpctlAsync("worker", "undrain", "bad id");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("✗ worker not found: worker-99\n", unknown.Stderr);
        Assert.Equal(1, unknownProbe.ExitCode);
        Assert.Equal("✗ worker not found: worker-99\n", unknownProbe.Stderr);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Equal("", invalid.Stdout);
    }
}
