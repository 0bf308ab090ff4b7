using System.Globalization;
using System.Net;
using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// Three workers, three attempts per job, and a 20 s active threshold so that a worker frozen for the backlog test is
/// still active (and given the job) however slowly ampctl starts on a loaded machine; a failing job ends FATAL after
/// two retries instead of ten.
/// </summary>
public sealed class ThreeAttemptsFleet() : AmpFleet(DocNodeIds.Three, new Dictionary<string, string?>
{
    ["AMP_CONFIG_JOBS__MAX_ATTEMPTS"] = "3",
    ["AMP_CONFIG_WORKERS__ACTIVE_THRESHOLD_SECS"] = "20",
    ["AMP_CONFIG_WORKERS__INACTIVE_THRESHOLD_SECS"] = "60",
});

/// <summary>
/// The job series of the controller's <c>/metrics</c> (docs/monitoring/README.md, "Jobs") while real jobs change:
/// a retried job counts in <c>amp_job_retries_total</c>, a job moved off a killed worker in
/// <c>amp_job_failovers_total</c>, and a job its worker does not start makes a SCHEDULED backlog whose oldest job's
/// wait grows. These are the series <c>AmpJobBacklogGrowing</c> and <c>AmpJobFailoverStorm</c> watch.
/// </summary>
public sealed class JobMetricsTests(ThreeAttemptsFleet fleet) : IClassFixture<ThreeAttemptsFleet>
{
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        var response = await fleet.GetAsync("/metrics");
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return PrometheusText.Samples(response.Body);
    }

    private async Task<long> RunSleepAsync(params string[] options)
    {
        var run = await fleet.AmpctlAsync(["job", "run", "sleep", .. options, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout).RootElement.GetProperty("job_id").GetInt64();
    }

    private Task<JsonElement> WaitForJobAsync(long id, Func<JsonElement, bool> done, string what) =>
        Eventually.ValueAsync(async () => (await fleet.GetAsync($"/jobs/{id}")).Json, done, $"job {id} {what}", TimeSpan.FromSeconds(90));

    [Fact]
    public async Task A_job_that_fails_with_a_retryable_error_counts_in_amp_job_retries_total()
    {
        await fleet.RestoreAsync();
        var before = (await ScrapeAsync()).Value("amp_job_retries_total{kind=\"sleep\"}");

        var id = await RunSleepAsync("--seconds", "0", "--fail", "error");
        await Eventually.ValueAsync(ScrapeAsync, s => s.Value("amp_job_retries_total{kind=\"sleep\"}") >= before + 1,
            "amp_job_retries_total{kind=\"sleep\"} to count the retry", TimeSpan.FromSeconds(60));

        // Out of its 3 attempts the job ends FATAL after its second retry; both retries were counted.
        var job = await WaitForJobAsync(id, j => j.Str("status") == "FATAL", "to end FATAL after its retries");
        Assert.Equal(3, job.GetProperty("attempts").GetInt32());
        var after = await Eventually.ValueAsync(ScrapeAsync, s => s.Value("amp_job_retries_total{kind=\"sleep\"}") >= before + 2,
            "amp_job_retries_total{kind=\"sleep\"} to count both retries");
        Assert.Equal(before + 2, after.Value("amp_job_retries_total{kind=\"sleep\"}"));
    }

    [Fact]
    public async Task A_job_moved_off_a_killed_worker_counts_in_amp_job_failovers_total()
    {
        await fleet.RestoreAsync();
        var before = (await ScrapeAsync()).Value("amp_job_failovers_total{kind=\"sleep\"}");
        var id = await RunSleepAsync("--seconds", "600", "--worker-id", "worker-03");
        await WaitForJobAsync(id, j => j.Str("status") == "RUNNING", "to run on worker-03");
        try
        {
            fleet.Worker("worker-03").Kill9();

            var moved = await WaitForJobAsync(id, j => j.Str("status") == "RUNNING" && j.Str("node_id") != "worker-03", "to run on another worker");
            var after = await Eventually.ValueAsync(ScrapeAsync, s => s.Value("amp_job_failovers_total{kind=\"sleep\"}") > before,
                "amp_job_failovers_total{kind=\"sleep\"} to count the failover");

            Assert.Equal(before + 1, after.Value("amp_job_failovers_total{kind=\"sleep\"}"));
            Assert.Contains(moved.Str("node_id"), new[] { "worker-01", "worker-02" });
        }
        finally
        {
            await fleet.AmpctlAsync("job", "stop", id.ToString(CultureInfo.InvariantCulture));
            await WaitForJobAsync(id, j => j.Str("status") == "STOPPED", "to stop");
        }
    }

    [Fact]
    public async Task A_job_its_worker_does_not_start_is_a_scheduled_backlog_whose_oldest_wait_grows()
    {
        await fleet.RestoreAsync();
        var idle = await ScrapeAsync();
        Assert.Equal(0, idle.Value("amp_jobs_scheduled_backlog"));
        Assert.Equal(0, idle.Value("amp_jobs_scheduled_oldest_age_seconds"));

        // A frozen worker (SIGSTOP) still holds its node lock and is active for a few seconds: it is given the job
        // but does not start it.
        var frozen = fleet.Worker("worker-02");
        frozen.Signal(Signals.SIGSTOP);
        long id;
        try
        {
            id = await RunSleepAsync("--seconds", "1", "--worker-id", "worker-02");
            var waiting = await Eventually.ValueAsync(ScrapeAsync, s => s.Value("amp_jobs_scheduled_backlog") >= 1 && s.Value("amp_jobs_scheduled_oldest_age_seconds") > 0,
                "amp_jobs_scheduled_backlog and amp_jobs_scheduled_oldest_age_seconds to count the waiting job", TimeSpan.FromSeconds(20));
            var longer = await Eventually.ValueAsync(ScrapeAsync, s => s.Value("amp_jobs_scheduled_oldest_age_seconds") >= waiting.Value("amp_jobs_scheduled_oldest_age_seconds") + 1,
                "amp_jobs_scheduled_oldest_age_seconds to grow while the job waits", TimeSpan.FromSeconds(20));

            Assert.Equal(1, waiting.Value("amp_jobs_scheduled_backlog"));
            Assert.Equal(1, longer.Value("amp_jobs_scheduled_backlog"));
            Assert.Equal("SCHEDULED", (await fleet.GetAsync($"/jobs/{id}")).Json.Str("status"));
        }
        finally
        {
            frozen.Signal(Signals.SIGCONT);
        }

        // Thawed, the worker (or, if it fenced itself meanwhile, another one) runs the job and the backlog empties.
        await WaitForJobAsync(id, j => j.Str("status") == "COMPLETED", "to complete once its worker runs again");
        var drained = await Eventually.ValueAsync(ScrapeAsync, s => s.Value("amp_jobs_scheduled_backlog") == 0, "the backlog to be empty again");
        Assert.Equal(0, drained.Value("amp_jobs_scheduled_oldest_age_seconds"));
    }

    [Fact]
    public async Task Job_run_wait_of_a_job_that_is_stopped_exits_1_naming_the_outcome()
    {
        await fleet.RestoreAsync();
        await using var waiting = AmpProcess.Start(Binaries.Ampctl,
            ["job", "run", "sleep", "--seconds", "600", "--worker-id", "worker-01", "--wait", "--timeout", "5m", "--admin-url", fleet.AdminUrl]);
        await waiting.WaitForOutputAsync("✓ Job ", TimeSpan.FromSeconds(60));
        var id = long.Parse(System.Text.RegularExpressions.Regex.Match(waiting.Stdout, @"✓ Job (\d+) scheduled on worker-01").Groups[1].Value, CultureInfo.InvariantCulture);
        await WaitForJobAsync(id, j => j.Str("status") == "RUNNING", "to run");

        var stop = await fleet.AmpctlAsync("job", "stop", id.ToString(CultureInfo.InvariantCulture));
        var exit = await waiting.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True(exit == 1, waiting.Output);
        Assert.Contains($"✗ Job {id} STOPPED on worker-01; see 'ampctl job progress {id}'", waiting.Stdout, StringComparison.Ordinal);
    }
}
