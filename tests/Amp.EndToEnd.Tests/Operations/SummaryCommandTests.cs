using System.Net;
using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// A fleet in a state worth summarising: worker-01 and worker-03 run the real build, worker-02 reports an older
/// one (its <c>workers.info</c> row rewritten), and worker-03 was killed with SIGKILL (inactive).
/// </summary>
public sealed class MixedFleet : ThreeWorkerFleet
{
    public const string Old = FleetOperations.OldVersion;
    public const string OldSha = FleetOperations.OldSha;
    public const string OldCommitTime = "2026-10-02T09:14:00Z";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await this.SetInfoAsync("worker-02", "version", Old);
        await this.SetInfoAsync("worker-02", "commit_sha", OldSha);
        await this.SetInfoAsync("worker-02", "commit_timestamp", OldCommitTime);
        Worker("worker-03").Kill9();
        await WaitForStatusAsync("worker-03", "inactive", TimeSpan.FromSeconds(20));
    }
}

/// <summary>
/// <c>ampctl worker summary</c> and <c>GET /fleet</c>: counts by status and by build that agree with the worker
/// list, and refused duplicate starts of the last 24 hours.
/// </summary>
public sealed class SummaryCommandTests(MixedFleet fleet) : IClassFixture<MixedFleet>
{
    private async Task<JsonElement> FleetAsync()
    {
        var response = await fleet.GetAsync("/fleet");
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Json;
    }

    private Task<long> RefusalsInDbAsync() =>
        fleet.Db.ScalarAsync<long>("SELECT count(*) FROM worker_duplicate_starts WHERE refused_at > now() - interval '24 hours'");

    [Fact]
    public async Task Fleet_endpoint_counts_workers_by_status_and_build()
    {
        var real = (await fleet.GetWorkerAsync("worker-01")).GetProperty("info");

        var f = await FleetAsync();

        Assert.Equal(3, f.Num("workers_total"));
        var byStatus = f.GetProperty("by_status");
        Assert.Equal((2L, 0L, 1L), (byStatus.Num("active"), byStatus.Num("stalled"), byStatus.Num("inactive")));
        var builds = f.GetProperty("by_version").EnumerateArray().ToList();
        Assert.Equal(2, builds.Count);
        // Most workers first: the real build (worker-01 active, worker-03 killed), then worker-02's old one.
        Assert.Equal(real.Str("version"), builds[0].Str("version"));
        Assert.Equal(real.Str("commit_sha"), builds[0].Str("commit_sha"));
        Assert.Equal((2L, 1L), (builds[0].Num("workers"), builds[0].Num("active")));
        Assert.Equal(MixedFleet.Old, builds[1].Str("version"));
        Assert.Equal(MixedFleet.OldSha, builds[1].Str("commit_sha"));
        Assert.Equal((1L, 1L), (builds[1].Num("workers"), builds[1].Num("active")));
        // The oldest commit among live workers is worker-02's.
        Assert.Equal(MixedFleet.OldCommitTime, f.Str("oldest_running_commit_timestamp"));
        Assert.Equal(0, f.Num("draining"));
        Assert.Equal(0, f.Num("retired"));
        Assert.Equal(await RefusalsInDbAsync(), f.Num("duplicate_starts_24h"));
    }

    [Fact]
    public async Task Fleet_counts_agree_with_the_worker_list()
    {
        var workers = (await fleet.ListWorkersAsync()).Values.ToList();
        var f = await FleetAsync();

        Assert.Equal(workers.Count, f.Num("workers_total"));
        foreach (var status in new[] { "active", "stalled", "inactive" })
            Assert.Equal(workers.Count(w => w.Str("status") == status), f.GetProperty("by_status").Num(status));
        foreach (var build in f.GetProperty("by_version").EnumerateArray())
        {
            var same = workers.Where(w => w.GetProperty("info").Str("version") == build.Str("version")).ToList();
            Assert.Equal(same.Count, build.Num("workers"));
            Assert.Equal(same.Count(w => w.Str("status") == "active"), build.Num("active"));
        }
    }

    [Fact]
    public async Task Summary_prints_the_fleet_in_four_parts_and_its_json_is_the_fleet_endpoint()
    {
        var real = (await fleet.GetWorkerAsync("worker-01")).GetProperty("info");

        var text = await fleet.AmpctlAsync("worker", "summary");
        var json = await fleet.AmpctlAsync("worker", "summary", "--json");
        var f = await FleetAsync();

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Equal("", text.Stderr);
        Assert.Equal(
        [
            "Workers: 3 (2 active, 0 stalled, 1 inactive; 0 draining; 0 retired)",
            "Versions:",
            $"  {real.Str("version")} ({real.Str("commit_sha")[..12]}): 2 workers, 1 active",
            $"  {MixedFleet.Old} ({MixedFleet.OldSha[..12]}): 1 worker, 1 active",
            $"Oldest running commit: {MixedFleet.OldCommitTime}",
            $"Refused duplicate starts (24h): {f.Num("duplicate_starts_24h")}",
        ], text.StdoutLines);
        Assert.True(json.ExitCode == 0, json.ToString());
        var fromCli = JsonDocument.Parse(json.Stdout).RootElement;
        foreach (var field in new[] { "workers_total", "draining", "retired" })
            Assert.Equal(f.Num(field), fromCli.Num(field));
        Assert.True(JsonElement.DeepEquals(f.GetProperty("by_status"), fromCli.GetProperty("by_status")), json.Stdout);
        Assert.True(JsonElement.DeepEquals(f.GetProperty("by_version"), fromCli.GetProperty("by_version")), json.Stdout);
    }

    [Fact]
    public async Task Refused_duplicate_start_is_counted_in_the_last_24_hours()
    {
        var before = (await FleetAsync()).Num("duplicate_starts_24h");

        await fleet.StartRefusedDuplicateAsync("worker-01");
        var after = await FleetAsync();
        var summary = await fleet.AmpctlAsync("worker", "summary");

        Assert.Equal(before + 1, after.Num("duplicate_starts_24h"));
        Assert.Equal(await RefusalsInDbAsync(), after.Num("duplicate_starts_24h"));
        Assert.Contains($"\nRefused duplicate starts (24h): {before + 1}\n", summary.Stdout, StringComparison.Ordinal);
        // The refusal changed nothing else: worker-01 still counts once, active.
        Assert.Equal(2, after.GetProperty("by_status").Num("active"));
        Assert.Equal(3, after.Num("workers_total"));
    }
}
