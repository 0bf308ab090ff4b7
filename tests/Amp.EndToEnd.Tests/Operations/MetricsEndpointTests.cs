using System.Net;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// The controller's <c>/metrics</c> as Prometheus scrapes it: the fleet gauges follow real workers dying,
/// restarting and colliding, with the liveness rule the API and ampctl use.
/// </summary>
public sealed class MetricsEndpointTests(ThreeWorkerFleet fleet) : IClassFixture<ThreeWorkerFleet>
{
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        var response = await fleet.GetAsync("/metrics");
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return PrometheusText.Samples(response.Body);
    }

    private static (double Active, double Stalled, double Inactive) Counts(Dictionary<string, double> s) =>
        (s.Value("amp_workers{status=\"active\"}"), s.Value("amp_workers{status=\"stalled\"}"), s.Value("amp_workers{status=\"inactive\"}"));

    [Fact]
    public async Task Worker_gauges_count_live_workers_and_a_killed_one_moves_to_inactive()
    {
        await fleet.RestoreAsync();
        var live = fleet.NodeIds.Count(id => !fleet.Worker(id).HasExited);
        var before = await Eventually.ValueAsync(ScrapeAsync, s => Counts(s) == (live, 0, 0), $"amp_workers to show {live} active workers");
        var version = await fleet.VersionOfAsync("worker-01");

        fleet.Worker("worker-03").Kill9();
        var after = await Eventually.ValueAsync(ScrapeAsync, s => Counts(s) == (live - 1, 0, 1),
            "amp_workers to show worker-03 inactive", TimeSpan.FromSeconds(20));

        Assert.Equal(3, live);
        foreach (var id in DocNodeIds.Three)
        {
            Assert.Equal(1, before.Value($"amp_worker_info{{node_id=\"{id}\",version=\"{version}\",commit_sha=\"{(await fleet.GetWorkerAsync(id)).GetProperty("info").Str("commit_sha")}\"}}"));
            Assert.InRange(before.Value($"amp_worker_heartbeat_age_seconds{{node_id=\"{id}\",version=\"{version}\"}}"), 0, 5);
        }
        // The killed worker keeps its series (it is not retired); its lock is gone, so it is inactive although its
        // last heartbeat is recent.
        Assert.InRange(after.Value($"amp_worker_heartbeat_age_seconds{{node_id=\"worker-03\",version=\"{version}\"}}"), 0, 30);
        Assert.Equal(1, after.Value("amp_metadata_db_up"));

        // Restarted: active again, and counted as a restart.
        var restartsBefore = after.Value("amp_worker_restarts_total{node_id=\"worker-03\"}");
        await fleet.RestartWorkerAsync("worker-03");
        var back = await Eventually.ValueAsync(ScrapeAsync, s => Counts(s) == (live, 0, 0), "amp_workers to show worker-03 active again");
        Assert.Equal(restartsBefore + 1, back.Value("amp_worker_restarts_total{node_id=\"worker-03\"}"));
    }

    [Fact]
    public async Task Refused_duplicate_start_increments_the_duplicate_counter()
    {
        await fleet.RestoreAsync();
        var before = (await ScrapeAsync()).Value("amp_worker_duplicate_starts_total");

        await fleet.StartRefusedDuplicateAsync("worker-01");
        var after = await ScrapeAsync();

        Assert.Equal(before + 1, after.Value("amp_worker_duplicate_starts_total"));
        Assert.Equal(3, Counts(after).Active);
    }

    [Fact]
    public async Task Draining_gauge_follows_drain_and_undrain()
    {
        await fleet.RestoreAsync();

        await fleet.AmpctlAsync("worker", "drain", "worker-02");
        var drained = await ScrapeAsync();
        await fleet.AmpctlAsync("worker", "undrain", "worker-02");
        var undrained = await ScrapeAsync();

        Assert.Equal(1, drained.Value("amp_worker_draining{node_id=\"worker-02\"}"));
        Assert.Equal(0, drained.Value("amp_worker_draining{node_id=\"worker-01\"}"));
        Assert.Equal(0, undrained.Value("amp_worker_draining{node_id=\"worker-02\"}"));
    }
}
