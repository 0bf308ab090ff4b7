using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// <c>ampctl worker versions [--all] [--json]</c>: the builds the fleet runs, grouped by version and commit, and a
/// mismatch flag. All workers run one binary, so a worker "on another build" is made by rewriting its
/// <c>workers.info</c> row (a worker writes it only when it registers); restarting it writes the real build back.
/// Every test starts from the real builds (<see cref="FleetOperations.ResetInfoAsync"/>).
/// </summary>
public sealed class VersionsCommandTests(ThreeWorkerFleet fleet) : IClassFixture<ThreeWorkerFleet>
{
    private const string Old = FleetOperations.OldVersion;
    private const string OldSha = FleetOperations.OldSha;

    /// <summary>The table rows (VERSION, COMMIT, WORKERS, NODES) and the warning line after them, if any.</summary>
    private static (List<Dictionary<string, string>> Rows, string? Warning) Parse(CommandResult run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        var lines = run.StdoutLines;
        var warning = lines[^1].StartsWith('⚠') ? lines[^1] : null;
        var table = string.Join('\n', warning is null ? lines : lines[..^1]);
        Assert.Equal(["VERSION", "COMMIT", "WORKERS", "NODES"], TextOutput.Columns(table));
        return (TextOutput.Table(table), warning);
    }

    private static string Short(string sha) => sha.Length == 40 ? sha[..12] : sha;

    [Fact]
    public async Task Two_builds_running_are_flagged_and_the_flag_clears_once_the_straggler_restarts()
    {
        var (version, sha) = await fleet.StartFromRealBuildsAsync();
        await fleet.MoveToOldBuildAsync("worker-03");

        var (mixed, warning) = Parse(await fleet.AmpctlAsync("worker", "versions"));
        var mixedJson = await fleet.AmpctlAsync("worker", "versions", "--json");

        // Most workers first; the nodes of each build listed.
        Assert.Equal(2, mixed.Count);
        Assert.Equal(new Dictionary<string, string> { ["VERSION"] = version, ["COMMIT"] = Short(sha), ["WORKERS"] = "2", ["NODES"] = "worker-01, worker-02" }, mixed[0]);
        Assert.Equal(new Dictionary<string, string> { ["VERSION"] = Old, ["COMMIT"] = Short(OldSha), ["WORKERS"] = "1", ["NODES"] = "worker-03" }, mixed[1]);
        Assert.Equal("⚠ version mismatch: 2 versions running", warning);
        Assert.True(mixedJson.ExitCode == 0, mixedJson.ToString());
        var report = JsonDocument.Parse(mixedJson.Stdout).RootElement;
        Assert.True(report.GetProperty("mismatch").GetBoolean());
        var builds = report.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([version, Old], builds.Select(b => b.Str("version")));
        Assert.Equal([sha, OldSha], builds.Select(b => b.Str("commit_sha")));
        Assert.Equal([2, 1], builds.Select(b => b.Num("workers")));
        Assert.Equal(["worker-03"], builds[1].GetProperty("node_ids").EnumerateArray().Select(e => e.GetString()));

        // The rollout step: the straggler restarts on the binary the others run.
        await fleet.RestartWorkerAsync("worker-03");
        var (uniform, none) = Parse(await fleet.AmpctlAsync("worker", "versions"));
        var uniformJson = await fleet.AmpctlAsync("worker", "versions", "--json");

        var row = Assert.Single(uniform);
        Assert.Equal(version, row["VERSION"]);
        Assert.Equal("3", row["WORKERS"]);
        Assert.Equal("worker-01, worker-02, worker-03", row["NODES"]);
        Assert.Null(none);
        Assert.False(JsonDocument.Parse(uniformJson.Stdout).RootElement.GetProperty("mismatch").GetBoolean());
    }

    [Fact]
    public async Task Inactive_workers_count_only_with_all()
    {
        var (version, _) = await fleet.StartFromRealBuildsAsync();
        await fleet.MoveToOldBuildAsync("worker-02");
        fleet.Worker("worker-02").Kill9();
        await fleet.WaitForStatusAsync("worker-02", "inactive", TimeSpan.FromSeconds(20));

        var (active, activeWarning) = Parse(await fleet.AmpctlAsync("worker", "versions"));
        var (all, allWarning) = Parse(await fleet.AmpctlAsync("worker", "versions", "--all"));
        var allJson = await fleet.AmpctlAsync("worker", "versions", "-a", "--json");

        // Only live workers by default: the stopped one on the old build is no mismatch ...
        var row = Assert.Single(active);
        Assert.Equal(version, row["VERSION"]);
        Assert.Equal("worker-01, worker-03", row["NODES"]);
        Assert.Null(activeWarning);
        // ... but --all counts every registered worker.
        Assert.Equal([version, Old], all.Select(r => r["VERSION"]));
        Assert.Equal("worker-02", all[1]["NODES"]);
        Assert.Equal("⚠ version mismatch: 2 versions running", allWarning);
        Assert.True(JsonDocument.Parse(allJson.Stdout).RootElement.GetProperty("mismatch").GetBoolean());

        await fleet.RestartWorkerAsync("worker-02");
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error_and_sends_nothing()
    {
        var run = await fleet.AmpctlAsync("worker", "versions", "--everything");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
    }
}
