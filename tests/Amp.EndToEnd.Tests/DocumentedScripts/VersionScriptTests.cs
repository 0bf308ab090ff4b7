using System.Text.Json;
using System.Text.RegularExpressions;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.DocumentedScripts;

/// <summary>
/// The documented version, rollout and inventory scripts on a fleet whose workers report different builds.
/// All workers here run the same binary, so a worker "built from another commit" is made by rewriting its
/// <c>workers.info</c> row, which a worker writes only when it registers; restarting a worker (a rollout step)
/// writes the real build info again. Every test sets the versions it needs first, so order does not matter.
/// </summary>
public sealed partial class VersionScriptTests(ThreeWorkerFleet fleet) : IClassFixture<ThreeWorkerFleet>
{
    // The versions Amp's documentation uses in its examples; the scripts hard-code the first.
    private const string Expected = "v0.0.22-15-g8b065bde";
    private const string Old = "v0.0.21-8-ga1b2c3d4";

    [GeneratedRegex(@"^\s*(\d+) (.+)$")]
    private static partial Regex CountLine();

    private Task SetInfoAsync(string nodeId, string field, string value) =>
        fleet.Db.ExecuteAsync("UPDATE workers SET info = jsonb_set(info, ARRAY[$2::text], to_jsonb($3::text)) WHERE node_id = $1", nodeId, field, value);

    private async Task SetVersionsAsync(string v1, string v2, string v3)
    {
        await SetInfoAsync("worker-01", "version", v1);
        await SetInfoAsync("worker-02", "version", v2);
        await SetInfoAsync("worker-03", "version", v3);
    }

    private async Task<CommandResult> RunAsync(string script, string? workingDirectory = null)
    {
        var run = await DocumentedScript.RunAsync(fleet, script, workingDirectory);
        Assert.True(run.ExitCode == 0, $"{script}: {run}");
        return run;
    }

    private static Dictionary<string, int> Counts(CommandResult run) =>
        run.StdoutLines.Select(l => CountLine().Match(l)).ToDictionary(m => m.Groups[2].Value, m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Version_mismatch_script_prints_one_line_per_distinct_version()
    {
        await SetVersionsAsync(Expected, Expected, Old);
        var mixed = await RunAsync("version-mismatch.sh");
        var perWorker = await RunAsync("scenario-3-versions-and-heartbeats.sh");

        await SetVersionsAsync(Expected, Expected, Expected);
        var uniform = await RunAsync("version-mismatch.sh");

        Assert.Equal([Old, Expected], mixed.StdoutLines);
        Assert.Equal([$"worker-01: {Expected}", $"worker-02: {Expected}", $"worker-03: {Old}"], perWorker.StdoutLines);
        Assert.Equal([Expected], uniform.StdoutLines);
    }

    [Fact]
    public async Task Rollout_counts_follow_workers_restarted_onto_the_new_build()
    {
        await SetVersionsAsync(Old, Old, Old);
        var build = (await fleet.RestartWorkerAsync("worker-01")).GetProperty("info").Str("version");
        Assert.NotEqual(Old, build);

        var oneUpgraded = Counts(await RunAsync("rollout-counts.sh"));
        var distribution = await RunAsync("version-distribution.sh");
        var filtered = await fleet.AmpctlAsync("worker", "list", "--version", Old, "--json");

        await fleet.RestartWorkerAsync("worker-02");
        var twoUpgraded = Counts(await RunAsync("rollout-counts.sh"));

        Assert.Equal(new Dictionary<string, int> { [build] = 1, [Old] = 2 }, oneUpgraded);
        Assert.Equal([$"2 {Old}", $"1 {build}"], distribution.StdoutLines.Select(l => Regex.Replace(l.Trim(), @"\s+", " ")));
        Assert.Equal(["worker-02", "worker-03"], JsonDocument.Parse(filtered.Stdout).RootElement.GetProperty("workers").EnumerateArray().Select(w => w.Str("node_id")));
        Assert.Equal(new Dictionary<string, int> { [build] = 2, [Old] = 1 }, twoUpgraded);
    }

    [Fact]
    public async Task Deployment_verification_fails_until_every_worker_reports_the_expected_version()
    {
        await SetVersionsAsync(Expected, Expected, Old);
        var partial = await DocumentedScript.RunAsync(fleet, "verify-deployment.sh");
        var upstream = await DocumentedScript.RunAsync(fleet, "verify-deployment.upstream.sh");

        await SetVersionsAsync(Expected, Expected, Expected);
        var complete = await DocumentedScript.RunAsync(fleet, "verify-deployment.sh");

        string[] partialLines =
        [
            $"Verifying deployment: {Expected}",
            $"✓ worker-01: {Expected}",
            $"✓ worker-02: {Expected}",
            $"❌ worker-03: {Old} (expected: {Expected})",
        ];
        Assert.True(partial.ExitCode == 1, partial.ToString());
        Assert.Equal(partialLines, partial.StdoutLines);
        Assert.True(complete.ExitCode == 0, complete.ToString());
        Assert.Equal([$"Verifying deployment: {Expected}", .. new[] { "worker-01", "worker-02", "worker-03" }.Select(w => $"✓ {w}: {Expected}")], complete.StdoutLines);

        // Amp's text verbatim prints the same verdicts but exits 0: EXIT_CODE=1 is set in the subshell of
        // the piped while loop and lost (see Scripts/README.md).
        Assert.Equal(partialLines, upstream.StdoutLines);
        Assert.Equal(0, upstream.ExitCode);
    }

    [Fact]
    public async Task Filter_by_version_script_lists_the_workers_on_the_target_version()
    {
        await SetVersionsAsync(Old, Expected, Old);

        var run = await RunAsync("filter-by-version.sh");

        Assert.Equal("worker-02\n", run.Stdout);
    }

    [Fact]
    public async Task Commit_sha_script_lists_each_workers_own_commit()
    {
        const string sha = "8b065bde9c1a2f3e4d5c6b7a8e9f0a1b2c3d4e5f";
        await SetInfoAsync("worker-02", "commit_sha", sha);
        var others = (await fleet.GetWorkerAsync("worker-03")).GetProperty("info").Str("commit_sha");

        var run = await RunAsync("commit-shas.sh");

        Assert.Equal("worker-02: " + sha, run.StdoutLines[1]);
        Assert.Equal("worker-03: " + others, run.StdoutLines[2]);
    }

    [Fact]
    public async Task Inventory_export_quotes_fields_that_contain_commas_and_quotes()
    {
        const string awkward = "v1.0.0,\"rc1\"";
        await SetVersionsAsync(Expected, awkward, Old);
        var api = await fleet.ListWorkersAsync();
        var dir = Directory.CreateTempSubdirectory("amp-e2e-inventory-").FullName;
        try
        {
            var run = await RunAsync("export-inventory.sh", dir);

            Assert.Equal("Inventory saved to workers-inventory.csv\n", run.Stdout);
            var csv = await File.ReadAllLinesAsync(Path.Combine(dir, "workers-inventory.csv"));
            Assert.Equal(4, csv.Length);
            Assert.Equal("node_id,version,commit_sha,created_at,registered_at,heartbeat_at", csv[0]);
            Assert.StartsWith("\"worker-02\",\"v1.0.0,\"\"rc1\"\"\",", csv[2], StringComparison.Ordinal);
            string[] ids = ["worker-01", "worker-02", "worker-03"];
            string[] versions = [Expected, awkward, Old];
            for (var i = 0; i < 3; i++)
            {
                var fields = Csv.ParseLine(csv[i + 1]);
                Assert.Equal(6, fields.Count);
                Assert.Equal(ids[i], fields[0]);
                Assert.Equal(versions[i], fields[1]);
                Assert.Equal(api[ids[i]].GetProperty("info").Str("commit_sha"), fields[2]);
                Assert.Equal(api[ids[i]].Str("created_at"), fields[3]);
                Assert.Equal(api[ids[i]].Str("registered_at"), fields[4]);
                Rfc3339.AssertTimestamp(fields[5], "heartbeat_at");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
