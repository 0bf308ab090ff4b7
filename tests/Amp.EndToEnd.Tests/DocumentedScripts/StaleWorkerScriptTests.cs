using System.Text.Json;
using System.Text.RegularExpressions;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.DocumentedScripts;

/// <summary>
/// A fleet with two broken workers, with the default thresholds (active 5 s, inactive 30 s): worker-01 was
/// killed with SIGKILL (it disappeared, its lock is gone) and worker-02 hangs under SIGSTOP (its lock session is
/// still open, its heartbeats stopped). Both have been silent for more than 30 s; worker-03 is healthy.
/// </summary>
public sealed class StaleFleet : ThreeWorkerFleet
{
    public static readonly string[] Silent = ["worker-01", "worker-02"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Worker("worker-01").Kill9();
        Worker("worker-02").Signal(Signals.SIGSTOP);
        // The documented scripts call a worker stale when its heartbeat is more than 30 s old.
        await WaitUntilAsync(ws => Silent.All(id => ws[id].Num("heartbeat_age_ms") > 31_000),
            "worker-01 and worker-02 to be silent for more than 31 s", TimeSpan.FromSeconds(120));
    }
}

/// <summary>The documented problem-finding scripts name exactly the silent workers, and the health check fails.</summary>
public sealed class StaleWorkerScriptTests(StaleFleet fleet) : IClassFixture<StaleFleet>
{
    private async Task<IReadOnlyDictionary<string, JsonElement>> WorkersAsync()
    {
        var ws = await fleet.ListWorkersAsync();
        Assert.Equal("active", ws["worker-03"].Str("status"));
        return ws;
    }

    [Fact]
    public async Task Api_and_ampctl_report_both_silent_workers_inactive()
    {
        var ws = await WorkersAsync();

        var run = await fleet.AmpctlAsync("worker", "list", "--status", "inactive", "--json");

        Assert.Equal("inactive", ws["worker-01"].Str("status"));
        Assert.Equal("inactive", ws["worker-02"].Str("status"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(StaleFleet.Silent, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("workers").EnumerateArray().Select(w => w.Str("node_id")));
    }

    [Fact]
    public async Task Stale_worker_script_names_each_silent_worker_with_its_last_heartbeat()
    {
        var ws = await WorkersAsync();

        var run = await DocumentedScript.RunAsync(fleet, "stale-workers.sh");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(StaleFleet.Silent.Select(id => $"⚠ Stale worker: {id} (last seen: {ws[id].Str("heartbeat_at")})"), run.StdoutLines);
    }

    [Fact]
    public async Task Stale_node_id_script_prints_the_silent_node_ids()
    {
        var run = await DocumentedScript.RunAsync(fleet, "stale-node-ids.sh");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("worker-01\nworker-02\n", run.Stdout);
    }

    [Fact]
    public async Task Alert_script_alerts_on_each_silent_worker()
    {
        var ws = await WorkersAsync();

        var run = await DocumentedScript.RunAsync(fleet, "alert-inactive.sh");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(StaleFleet.Silent.Select(id => $"ALERT: Worker {id} inactive since {ws[id].Str("heartbeat_at")}"), run.StdoutLines);
    }

    [Fact]
    public async Task Health_check_script_exits_1_and_flags_each_silent_worker()
    {
        var run = await DocumentedScript.RunAsync(fleet, "check-workers.sh");

        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = run.StdoutLines;
        Assert.Equal("Checking worker health...", lines[0]);
        Assert.Matches(@"^❌ worker-01: heartbeat (\d+) seconds old \(threshold: 30\)$", lines[1]);
        Assert.Matches(@"^❌ worker-02: heartbeat (\d+) seconds old \(threshold: 30\)$", lines[2]);
        Assert.Matches(@"^✓ worker-03: healthy \(\d+ seconds ago\)$", lines[3]);
        Assert.Equal(4, lines.Length);
        foreach (var line in lines[1..3])
            Assert.True(int.Parse(Regex.Match(line, @"heartbeat (\d+) seconds").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 30, line);
    }

    [Fact]
    public async Task Upstream_health_check_script_cannot_fail_because_of_its_own_pipeline()
    {
        // Amp's script verbatim: `jq -r '.workers[]'` pretty-prints each object over several lines, so `read`
        // never sees a whole worker, and EXIT_CODE is set in the subshell of the piped while loop, so the script
        // exits 0 whatever it finds. No server can make it work; Scripts/check-workers.sh is the fixed version.
        var run = await DocumentedScript.RunAsync(fleet, "check-workers.upstream.sh");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Checking worker health...", run.StdoutLines[0]);
        Assert.DoesNotContain("worker-0", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_scripts_show_the_disappeared_worker_as_inactive_with_an_old_heartbeat()
    {
        var w = (await WorkersAsync())["worker-01"];

        var disappeared = await DocumentedScript.RunAsync(fleet, "scenario-2-disappeared.sh");
        var notAccepting = await DocumentedScript.RunAsync(fleet, "scenario-1-not-accepting-jobs.sh");

        Assert.True(disappeared.ExitCode == 0, disappeared.ToString());
        var labels = TextOutput.Labels(disappeared.Stdout);
        Assert.Equal("worker-01", labels["Node ID"]);
        Assert.Equal("inactive", labels["Status"]);
        Assert.Equal(w.Str("registered_at"), labels["Registered"]);
        Assert.Matches($@"^{Regex.Escape(w.Str("heartbeat_at"))} \(((3\d|[4-9]\d)\.\ds|\d+m \d+s) ago\)$", labels["Heartbeat"]);
        Assert.Equal("-", labels["Uptime"]);
        Assert.Matches(@"^worker-01\s+inactive\s", notAccepting.StdoutLines[0]);
    }

    [Fact]
    public async Task Version_and_lifecycle_scripts_still_cover_silent_workers()
    {
        var ws = await WorkersAsync();
        var version = ws["worker-03"].GetProperty("info").Str("version");

        var versions = await DocumentedScript.RunAsync(fleet, "worker-versions.sh");
        var patterns = await DocumentedScript.RunAsync(fleet, "registration-patterns.sh");

        Assert.Equal([version, "worker-01: " + version, "worker-02: " + version, "worker-03: " + version], versions.StdoutLines);
        foreach (var id in StaleFleet.Silent)
            Assert.Contains($"{id}:\n  Created:    {ws[id].Str("created_at")}\n  Registered: {ws[id].Str("registered_at")}\n  Heartbeat:  {ws[id].Str("heartbeat_at")}\n", patterns.Stdout, StringComparison.Ordinal);
    }
}
