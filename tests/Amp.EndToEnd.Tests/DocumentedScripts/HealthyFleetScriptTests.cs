using System.Text.Json;
using System.Text.RegularExpressions;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.DocumentedScripts;

/// <summary>
/// Amp's documented worker scripts (Scripts/README.md), run verbatim with bash against a healthy fleet of
/// worker-01, worker-02 and worker-03 that were never restarted: each must print the right answer.
/// </summary>
[Collection(SteadyFleetCollection.Name)]
public sealed partial class HealthyFleetScriptTests(ThreeWorkerFleet fleet)
{
    private static readonly string[] All = ["worker-01", "worker-02", "worker-03"];

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    private static partial Regex Timestamp();

    private async Task<CommandResult> RunAsync(string script, string? workingDirectory = null)
    {
        var run = await DocumentedScript.RunAsync(fleet, script, workingDirectory);
        Assert.True(run.ExitCode == 0, $"{script}: {run}");
        return run;
    }

    private async Task<string> VersionAsync() => (await fleet.GetWorkerAsync("worker-01")).GetProperty("info").Str("version");

    [Fact]
    public async Task List_and_inspect_commands_with_their_aliases_work_as_documented()
    {
        var list = await RunAsync("list-workers.sh");
        var inspect = await RunAsync("inspect-worker.sh");
        var alive = await RunAsync("check-alive.sh");

        // Two tables (list, ls), each a header and three active rows.
        var tables = list.Stdout.Split("NODE ID", StringSplitOptions.RemoveEmptyEntries).Select(t => TextOutput.Table("NODE ID" + t)).ToList();
        Assert.Equal(2, tables.Count);
        foreach (var rows in tables.Append(TextOutput.Table(alive.Stdout)))
        {
            Assert.Equal(All, rows.Select(r => r["NODE ID"]));
            Assert.All(rows, r => Assert.Equal("active", r["STATUS"]));
        }

        // inspect and its alias get: the same labelled block twice.
        Assert.Equal(2, Regex.Matches(inspect.Stdout, @"^Node ID:\s+worker-01$", RegexOptions.Multiline).Count);
        Assert.Equal(2, Regex.Matches(inspect.Stdout, "^Worker Info:$", RegexOptions.Multiline).Count);
        Assert.Equal("", inspect.Stderr);
    }

    [Fact]
    public async Task Json_output_examples_print_the_api_objects_and_the_jq_extracts()
    {
        var version = await VersionAsync();

        var run = await RunAsync("json-output.sh");

        var lines = run.StdoutLines;
        Assert.Equal(6, lines.Length);
        var list = JsonDocument.Parse(lines[0]).RootElement.GetProperty("workers");
        Assert.Equal(All, list.EnumerateArray().Select(w => w.Str("node_id")));
        Assert.Equal("worker-01", JsonDocument.Parse(lines[1]).RootElement.Str("node_id"));
        for (var i = 0; i < 3; i++)
        {
            var parts = lines[2 + i].Split(": ");
            Assert.Equal(All[i], parts[0]);
            Assert.Matches(Timestamp(), parts[1]);
        }
        Assert.Equal(version, lines[5]);
    }

    [Fact]
    public async Task Direct_api_calls_with_curl_return_the_worker_objects()
    {
        var run = await RunAsync("direct-api.sh");

        // Two JSON documents back to back: the list, then worker-01.
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(run.Stdout), new JsonReaderOptions { AllowMultipleValues = true });
        var list = JsonElement.ParseValue(ref reader);
        reader.Read();
        var one = JsonElement.ParseValue(ref reader);
        Assert.Equal(All, list.GetProperty("workers").EnumerateArray().Select(w => w.Str("node_id")));
        WorkerJson.AssertShape(one);
        Assert.Equal("worker-01", one.Str("node_id"));
    }

    [Fact]
    public async Task Openapi_lookups_find_both_worker_endpoints()
    {
        var run = await RunAsync("openapi-paths.sh");

        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(run.Stdout), new JsonReaderOptions { AllowMultipleValues = true });
        var list = JsonElement.ParseValue(ref reader);
        reader.Read();
        var one = JsonElement.ParseValue(ref reader);
        Assert.True(list.ValueKind == JsonValueKind.Object && list.TryGetProperty("get", out _), "jq '.paths[\"/workers\"]' printed " + list.GetRawText());
        Assert.True(one.ValueKind == JsonValueKind.Object && one.TryGetProperty("get", out _), "jq '.paths[\"/workers/{id}\"]' printed " + one.GetRawText());
    }

    [Theory]
    [InlineData("stale-workers.sh")]
    [InlineData("stale-node-ids.sh")]
    [InlineData("alert-inactive.sh")]
    [InlineData("scenario-4-duplicate-node-ids.sh")]
    [InlineData("filter-by-version.sh")]
    public async Task Problem_finding_scripts_print_nothing_for_a_healthy_fleet(string script)
    {
        var run = await RunAsync(script);

        Assert.Equal("", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Health_check_script_passes_and_reports_every_worker_healthy()
    {
        var run = await RunAsync("check-workers.sh");

        Assert.Equal("Checking worker health...", run.StdoutLines[0]);
        Assert.Equal(All, run.StdoutLines.Skip(1).Select(l => Regex.Match(l, @"^✓ (\S+): healthy \(\d+ seconds ago\)$").Groups[1].Value));
    }

    [Fact]
    public async Task Version_scripts_report_the_one_version_every_worker_runs()
    {
        var version = await VersionAsync();

        var versions = await RunAsync("worker-versions.sh");
        var unique = await RunAsync("version-mismatch.sh");
        var counts = await RunAsync("rollout-counts.sh");
        var distribution = await RunAsync("version-distribution.sh");
        var withHeartbeats = await RunAsync("scenario-3-versions-and-heartbeats.sh");

        Assert.Equal([version, .. All.Select(w => $"{w}: {version}")], versions.StdoutLines);
        Assert.Equal([version], unique.StdoutLines);
        Assert.Equal([$"3 {version}"], counts.StdoutLines.Select(l => l.Trim()));
        Assert.Equal([$"3 {version}"], distribution.StdoutLines.Select(l => l.Trim()));
        Assert.Equal(All.Select(w => $"{w}: {version}"), withHeartbeats.StdoutLines);
    }

    [Fact]
    public async Task Commit_sha_script_lists_the_commit_of_every_worker()
    {
        var sha = (await fleet.GetWorkerAsync("worker-01")).GetProperty("info").Str("commit_sha");

        var run = await RunAsync("commit-shas.sh");

        Assert.Equal(All.Select(w => $"{w}: {sha}"), run.StdoutLines);
    }

    [Fact]
    public async Task Lifecycle_scripts_show_a_never_restarted_worker_with_equal_created_and_registered()
    {
        var api = await fleet.ListWorkersAsync();

        var detection = await RunAsync("restart-detection.sh");
        var uptime = await RunAsync("uptime.sh");
        var patterns = await RunAsync("registration-patterns.sh");

        Assert.Equal($"Created:     {api["worker-01"].Str("created_at")}", detection.StdoutLines[0]);
        Assert.Equal($"Registered:  {api["worker-01"].Str("created_at")}", detection.StdoutLines[1]);
        Assert.Matches(@"^Heartbeat:   \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", detection.StdoutLines[2]);
        Assert.Equal("Uptime: 0 days since last restart\n", uptime.Stdout);

        var blocks = patterns.Stdout.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, blocks.Length);
        for (var i = 0; i < 3; i++)
        {
            var lines = blocks[i].Split('\n');
            Assert.Equal($"{All[i]}:", lines[0]);
            Assert.Equal($"  Created:    {api[All[i]].Str("created_at")}", lines[1]);
            Assert.Equal($"  Registered: {api[All[i]].Str("registered_at")}", lines[2]);
            Assert.Matches(@"^  Heartbeat:  \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", lines[3]);
        }
    }

    [Fact]
    public async Task Scenario_1_finds_the_worker_and_its_build_info()
    {
        var info = (await fleet.GetWorkerAsync("worker-01")).GetProperty("info");

        var run = await RunAsync("scenario-1-not-accepting-jobs.sh");

        var lines = run.Stdout.Split('\n');
        Assert.Matches(@"^worker-01\s+active\s", lines[0]);
        Assert.Matches(@"^Node ID:\s+worker-01$", lines[1]);
        Assert.Equal("active", TextOutput.Labels(run.Stdout)["Status"]);
        var jsonStart = run.Stdout.IndexOf("\n{", StringComparison.Ordinal);
        Assert.True(jsonStart > 0, run.Stdout);
        var printedInfo = JsonDocument.Parse(run.Stdout[(jsonStart + 1)..]).RootElement;
        Assert.Equal(info.Str("version"), printedInfo.Str("version"));
        Assert.Equal(info.Str("commit_sha"), printedInfo.Str("commit_sha"));
    }

    [Fact]
    public async Task Inventory_export_writes_a_header_and_one_quoted_row_per_worker()
    {
        var api = await fleet.ListWorkersAsync();
        var dir = Directory.CreateTempSubdirectory("amp-e2e-inventory-").FullName;
        try
        {
            var run = await RunAsync("export-inventory.sh", dir);

            Assert.Equal("Inventory saved to workers-inventory.csv\n", run.Stdout);
            var csv = await File.ReadAllLinesAsync(Path.Combine(dir, "workers-inventory.csv"));
            Assert.Equal("node_id,version,commit_sha,created_at,registered_at,heartbeat_at", csv[0]);
            Assert.Equal(4, csv.Length);
            for (var i = 0; i < 3; i++)
            {
                var w = api[All[i]];
                var fields = Csv.ParseLine(csv[i + 1]);
                Assert.Equal([All[i], w.GetProperty("info").Str("version"), w.GetProperty("info").Str("commit_sha"), w.Str("created_at"), w.Str("registered_at")], fields.Take(5));
                Assert.Matches(Timestamp(), fields[5]);
                Assert.StartsWith($"\"{All[i]}\",", csv[i + 1], StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Deployment_verification_fails_while_no_worker_runs_the_expected_version()
    {
        var version = await VersionAsync();
        Assert.NotEqual("v0.0.22-15-g8b065bde", version);

        var run = await DocumentedScript.RunAsync(fleet, "verify-deployment.sh");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Verifying deployment: v0.0.22-15-g8b065bde", run.StdoutLines[0]);
        Assert.Equal(All.Select(w => $"❌ {w}: {version} (expected: v0.0.22-15-g8b065bde)"), run.StdoutLines.Skip(1));
    }

    [Fact]
    public async Task Worker_count_loop_logs_the_number_of_workers()
    {
        await using var loop = DocumentedScript.StartInOwnSession(fleet, "worker-count-loop.sh");
        try
        {
            await loop.WaitForOutputAsync("workers active", TimeSpan.FromSeconds(30));
        }
        finally
        {
            DocumentedScript.KillSession(loop);
        }

        var first = loop.Stdout.Split('\n')[0];
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00: 3 workers active$", first);
    }

    [Fact]
    public async Task Watch_shows_the_worker_table()
    {
        // watch needs a terminal: script(1) gives it one.
        var env = DocumentedScript.EnvironmentFor(fleet);
        env["TERM"] = "xterm";
        await using var watch = AmpProcess.Start("/usr/bin/script", ["-qfc", $"bash '{DocumentedScript.PathOf("watch-workers.sh")}'", "/dev/null"], env);
        try
        {
            await watch.WaitForOutputAsync("worker-03", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n" + watch.Output, ex);
        }
        finally
        {
            watch.Signal(Signals.SIGTERM);
            await watch.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Contains("ampctl worker list", watch.Stdout, StringComparison.Ordinal);
        Assert.Contains("NODE ID", watch.Stdout, StringComparison.Ordinal);
        foreach (var w in All)
            Assert.Contains(w, watch.Stdout, StringComparison.Ordinal);
    }
}
