using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Workers;

/// <summary><c>ampctl worker list</c> and <c>inspect</c>, text and <c>--json</c>, against a real controller and three workers.</summary>
[Collection(SteadyFleetCollection.Name)]
public sealed class WorkerListAndInspectTests(ThreeWorkerFleet fleet)
{
    [Fact]
    public async Task Admin_url_given_before_worker_list_reaches_the_fleet()
    {
        var run = await AmpFleet.RunAmpctlAsync(["--admin-url", fleet.AdminUrl, "worker", "list"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.Equal(["worker-01", "worker-02", "worker-03"], TextOutput.Table(run.Stdout).Select(r => r["NODE ID"]));
    }

    [Fact]
    public async Task List_prints_a_plain_table_with_every_worker_active_in_node_id_order()
    {
        var version = (await fleet.GetWorkerAsync("worker-01")).GetProperty("info").Str("version");

        var run = await fleet.AmpctlAsync("worker", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stdout);
        var columns = TextOutput.Columns(run.Stdout);
        Assert.Equal(["NODE ID", "STATUS", "VERSION", "LAST HEARTBEAT", "UPTIME"], columns.Where(c => c is "NODE ID" or "STATUS" or "VERSION" or "LAST HEARTBEAT" or "UPTIME"));
        var rows = TextOutput.Table(run.Stdout);
        Assert.Equal(["worker-01", "worker-02", "worker-03"], rows.Select(r => r["NODE ID"]));
        foreach (var row in rows)
        {
            Assert.Equal("active", row["STATUS"]);
            Assert.Equal(version, row["VERSION"]);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(\d+\.\ds ago\)$", row["LAST HEARTBEAT"]);
            Assert.Matches(@"^\d+s$|^\d+m \d+s$", row["UPTIME"]);
        }
    }

    [Theory]
    [InlineData("worker", "ls")]
    [InlineData("workers", "list")]
    [InlineData("workers", "ls")]
    public async Task List_aliases_print_the_same_workers(string group, string verb)
    {
        var run = await fleet.AmpctlAsync(group, verb);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["worker-01", "worker-02", "worker-03"], TextOutput.Table(run.Stdout).Select(r => r["NODE ID"]));
    }

    [Fact]
    public async Task List_json_is_one_line_with_every_contract_field_and_jq_reads_its_timestamps()
    {
        var run = await fleet.AmpctlAsync("worker", "list", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.Single(run.StdoutLines);
        var workers = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("workers").EnumerateArray().ToList();
        Assert.Equal(["worker-01", "worker-02", "worker-03"], workers.Select(w => w.Str("node_id")));
        foreach (var w in workers)
        {
            WorkerJson.AssertShape(w);
            Assert.Equal("active", w.Str("status"));
            Assert.Equal(0, w.Num("restarts"));
            Assert.Equal(1, w.Num("epoch"));
            Assert.Equal(w.Str("created_at"), w.Str("registered_at"));
        }

        // The documented scripts feed these timestamps to jq's fromdateiso8601, which rejects fractions and +00:00.
        var jq = await Shell.RunAsync(fleet,
            "ampctl worker list --json | jq -e '[.workers[] | (.created_at, .registered_at, .heartbeat_at) | fromdateiso8601] | length == 9 and all(. > 1700000000)'");
        Assert.True(jq.ExitCode == 0, jq.ToString());
        Assert.Equal("true\n", jq.Stdout);
    }

    [Fact]
    public async Task Inspect_prints_status_timestamps_restarts_and_build_info_as_labelled_lines()
    {
        var api = await fleet.GetWorkerAsync("worker-02");

        var run = await fleet.AmpctlAsync("worker", "inspect", "worker-02");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        var labels = TextOutput.Labels(run.Stdout);
        Assert.StartsWith("Node ID:", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("worker-02", labels["Node ID"]);
        Assert.Equal("active", labels["Status"]);
        Assert.Equal(api.Str("created_at"), labels["Created"]);
        Assert.Equal(api.Str("registered_at"), labels["Registered"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(\d+\.\ds ago\)$", labels["Heartbeat"]);
        Assert.Matches(@"^(\d+s|\d+m \d+s)$", labels["Uptime"]);
        Assert.Equal(api.Num("restarts").ToString(System.Globalization.CultureInfo.InvariantCulture), labels["Restarts"]);
        Assert.Equal("0", labels["Restarts"]);
        Assert.Equal("1", labels["Epoch"]);
        Assert.Contains("\n\nWorker Info:\n", run.Stdout, StringComparison.Ordinal);
        var info = api.GetProperty("info");
        Assert.Equal(info.Str("version"), labels["Version"]);
        Assert.Equal(info.Str("commit_sha"), labels["Commit"]);
        Assert.Equal(info.Str("commit_timestamp"), labels["Commit Timestamp"]);
        Assert.Equal(info.Str("build_date"), labels["Build Date"]);

        var alias = await fleet.AmpctlAsync("worker", "get", "worker-02");
        Assert.True(alias.ExitCode == 0, alias.ToString());
        Assert.Equal("worker-02", TextOutput.Labels(alias.Stdout)["Node ID"]);
    }

    [Fact]
    public async Task Inspect_json_is_the_worker_object_the_list_reports()
    {
        var listed = (await fleet.ListWorkersAsync())["worker-03"];

        var run = await fleet.AmpctlAsync("worker", "inspect", "worker-03", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.StdoutLines);
        var w = JsonDocument.Parse(run.Stdout).RootElement;
        WorkerJson.AssertShape(w);
        Assert.Equal("worker-03", w.Str("node_id"));
        Assert.Equal("active", w.Str("status"));
        foreach (var field in new[] { "created_at", "registered_at" })
            Assert.Equal(listed.Str(field), w.Str(field));
        Assert.Equal(listed.Num("epoch"), w.Num("epoch"));
        Assert.Equal(listed.GetProperty("info").GetRawText(), w.GetProperty("info").GetRawText());

        var jq = await Shell.RunAsync(fleet, "ampctl worker inspect worker-03 --json | jq -e '(.created_at | fromdateiso8601) <= (.heartbeat_at | fromdateiso8601)'");
        Assert.True(jq.ExitCode == 0, jq.ToString());
    }

    [Fact]
    public async Task List_filters_by_status_and_version_on_the_server()
    {
        var version = (await fleet.GetWorkerAsync("worker-01")).GetProperty("info").Str("version");

        var active = await fleet.AmpctlAsync("worker", "list", "--status", "active", "--json");
        var inactive = await fleet.AmpctlAsync("worker", "list", "--status", "inactive");
        var stalled = await fleet.AmpctlAsync("worker", "list", "-s", "stalled", "--json");
        var sameVersion = await fleet.AmpctlAsync("worker", "list", "--version", version, "--json");
        var otherVersion = await fleet.AmpctlAsync("worker", "list", "--version", "v0.0.0-not-deployed", "--json");

        Assert.Equal(3, NodeIds(active).Count);
        Assert.True(inactive.ExitCode == 0, inactive.ToString());
        Assert.Equal("No workers found\n", inactive.Stdout);
        Assert.Equal("{\"workers\":[]}\n", stalled.Stdout);
        Assert.Equal(["worker-01", "worker-02", "worker-03"], NodeIds(sameVersion));
        Assert.Empty(NodeIds(otherVersion));

        var api = await fleet.GetAsync("/workers?status=active&version=" + Uri.EscapeDataString(version));
        Assert.Equal(System.Net.HttpStatusCode.OK, api.Status);
        Assert.Equal(3, api.Json.GetProperty("workers").GetArrayLength());
    }

    [Fact]
    public async Task List_with_an_unknown_status_is_a_usage_error()
    {
        var run = await fleet.AmpctlAsync("worker", "list", "--status", "zombie");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("✗ invalid --status 'zombie': expected active, stalled or inactive", run.Stderr, StringComparison.Ordinal);
    }

    private static List<string> NodeIds(CommandResult run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout).RootElement.GetProperty("workers").EnumerateArray().Select(w => w.Str("node_id")).ToList();
    }
}
