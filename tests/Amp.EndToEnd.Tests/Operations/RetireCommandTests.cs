using System.Net;
using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// <c>ampctl worker retire ID</c>: a worker that is gone for good leaves lists, counts and metrics but keeps its
/// history; a running one cannot be retired; starting the node ID again brings it back.
/// </summary>
public sealed class RetireCommandTests(ThreeWorkerFleet fleet) : IClassFixture<ThreeWorkerFleet>
{
    private async Task<JsonElement> FleetAsync()
    {
        var response = await fleet.GetAsync("/fleet");
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Json;
    }

    [Fact]
    public async Task Running_worker_is_refused_then_retired_once_stopped_and_unretired_by_its_next_start()
    {
        await fleet.RestoreAsync();

        // Refused while its process holds the node lock.
        var refused = await fleet.AmpctlAsync("worker", "retire", "worker-03");
        var refusedApi = await fleet.SendAsync(HttpMethod.Post, "/workers/worker-03/retire");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("", refused.Stdout);
        Assert.StartsWith("✗ worker 'worker-03' holds its node lock", refused.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("(WORKER_ACTIVE)\n", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, refusedApi.Status);
        Assert.Equal("WORKER_ACTIVE", refusedApi.Json.Str("error_code"));
        Assert.Equal(JsonValueKind.Null, (await fleet.GetWorkerAsync("worker-03")).GetProperty("retired_at").ValueKind);

        // Stopped (SIGTERM): retire succeeds.
        await fleet.StopGracefullyAsync("worker-03");
        var retire = await fleet.AmpctlAsync("worker", "retire", "worker-03");
        Assert.True(retire.ExitCode == 0, retire.ToString());
        Assert.Equal("✓ Worker worker-03 retired (history kept)\n", retire.Stdout);

        // Gone from the list, the counts, the health check and the metrics ...
        var list = await fleet.AmpctlAsync("worker", "list", "--json");
        var f = await FleetAsync();
        var summary = await fleet.AmpctlAsync("worker", "summary");
        var health = await fleet.AmpctlAsync("worker", "health");
        var metrics = await fleet.GetAsync("/metrics");
        Assert.Equal(["worker-01", "worker-02"], FleetOperations.NodeIdsOf(list.Stdout));
        Assert.Equal(2, f.Num("workers_total"));
        Assert.Equal(1, f.Num("retired"));
        Assert.Equal(0, f.GetProperty("by_status").Num("inactive"));
        Assert.StartsWith("Workers: 2 (2 active, 0 stalled, 0 inactive; 0 draining; 1 retired)\n", summary.Stdout, StringComparison.Ordinal);
        Assert.True(health.ExitCode == 0, health.ToString());
        Assert.DoesNotContain("worker-03", health.Stdout, StringComparison.Ordinal);
        var samples = PrometheusText.Samples(metrics.Body);
        Assert.Equal(0, samples.Value("amp_workers{status=\"inactive\"}"));
        Assert.DoesNotContain(samples.Keys, k => k.Contains("node_id=\"worker-03\"", StringComparison.Ordinal));

        // ... but its history, inspect and --include-retired still show it.
        var history = await fleet.AmpctlAsync("worker", "history", "worker-03");
        var inspect = await fleet.AmpctlAsync("worker", "inspect", "worker-03");
        var all = await fleet.AmpctlAsync("worker", "list", "--include-retired");
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Equal("graceful", TextOutput.Table(history.Stdout.Split("\n\n")[0]).Single()["REASON"]);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Equal((await fleet.GetWorkerAsync("worker-03")).Str("retired_at"), TextOutput.Labels(inspect.Stdout)["Retired"]);
        Assert.Equal("inactive (retired)", TextOutput.Table(all.Stdout).Single(r => r["NODE ID"] == "worker-03")["STATUS"]);

        // Retiring again is harmless; starting the node ID again un-retires it.
        var again = await fleet.AmpctlAsync("worker", "retire", "worker-03");
        Assert.True(again.ExitCode == 0, again.ToString());
        fleet.StartWorker("worker-03");
        var back = await fleet.WaitForStatusAsync("worker-03", "active", AmpFleet.StartTimeout);
        var listedAgain = await fleet.AmpctlAsync("worker", "list", "--json");
        var fleetAgain = await FleetAsync();
        Assert.Equal(JsonValueKind.Null, back.GetProperty("retired_at").ValueKind);
        Assert.Equal(DocNodeIds.Three, FleetOperations.NodeIdsOf(listedAgain.Stdout));
        Assert.Equal(0, fleetAgain.Num("retired"));
        Assert.Equal(3, fleetAgain.GetProperty("by_status").Num("active"));
    }

    [Fact]
    public async Task Killed_worker_can_be_retired_at_once()
    {
        await fleet.RestoreAsync();
        fleet.Worker("worker-02").Kill9();
        await fleet.WaitForStatusAsync("worker-02", "inactive", TimeSpan.FromSeconds(20));

        var retire = await fleet.AmpctlAsync("worker", "retire", "worker-02", "--json");

        Assert.True(retire.ExitCode == 0, retire.ToString());
        var w = JsonDocument.Parse(retire.Stdout).RootElement;
        Assert.Equal("worker-02", w.Str("node_id"));
        Rfc3339.AssertTimestamp(w.Str("retired_at"), "retired_at");
        Assert.DoesNotContain("worker-02", FleetOperations.NodeIdsOf((await fleet.AmpctlAsync("worker", "list", "--json")).Stdout));

        fleet.StartWorker("worker-02");
        await fleet.WaitForStatusAsync("worker-02", "active", AmpFleet.StartTimeout);
    }

    [Fact]
    public async Task Retiring_an_unknown_worker_fails_with_exit_1()
    {
        var run = await fleet.AmpctlAsync("worker", "retire", "worker-99");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ worker not found: worker-99\n", run.Stderr);
    }
}
