using System.Net;
using Xunit.Abstractions;

namespace Amp.Jobs.Tests;

public sealed class TwoWorkerFleet() : JobFleet(["d1", "d2"]);

public class DispatchAndLifecycleTests(TwoWorkerFleet fleet, ITestOutputHelper output) : IClassFixture<TwoWorkerFleet>
{
    [Fact]
    public async Task Jobs_are_dispatched_through_notify_long_before_any_reconcile()
    {
        var latencies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var id = await fleet.PostJobAsync("""{"kind":"sleep","seconds":0}""");
            await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "COMPLETED", "to complete", TimeSpan.FromSeconds(10));
            latencies.Add(await fleet.Db.ScalarAsync<double>("""
                SELECT (EXTRACT(EPOCH FROM r.created_at - s.created_at) * 1000)::float8
                FROM job_events s JOIN job_events r ON r.job_id = s.job_id AND r.event_type = 'RUNNING'
                WHERE s.job_id = $1 AND s.event_type = 'SCHEDULED'
                """, id));
        }
        latencies.Sort();
        output.WriteLine($"dispatch latency (SCHEDULED -> RUNNING, database clock): p50 {latencies[5]:0.0} ms, max {latencies[^1]:0.0} ms");
        // Reconcile runs once a minute here: completing at all within seconds proves push dispatch.
        Assert.All(latencies, l => Assert.InRange(l, 0, 5000));
    }

    [Fact]
    public async Task Stop_moves_a_running_job_through_stop_requested_and_stopping_to_stopped()
    {
        var id = await fleet.PostJobAsync("""{"kind":"sleep","seconds":120}""");
        await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "RUNNING", "to run");
        var stop = await fleet.SendAsync(HttpMethod.Put, $"/jobs/{id}/stop");
        Assert.Equal(HttpStatusCode.OK, stop.Status);
        await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "STOPPED", "to stop", TimeSpan.FromSeconds(10));

        var events = (await fleet.GetAsync($"/jobs/{id}/events")).Json.GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("event_type").GetString()).ToList();
        Assert.Equal(["SCHEDULED", "RUNNING", "STOP_REQUESTED", "STOPPING", "STOPPED"], events);
        Assert.Equal(HttpStatusCode.OK, (await fleet.SendAsync(HttpMethod.Put, $"/jobs/{id}/stop")).Status); // idempotent
        Assert.Equal("STOPPED", JobFleet.JobStatus(await fleet.GetJobAsync(id)));
    }

    [Fact]
    public async Task Prune_deletes_only_finished_jobs_and_delete_refuses_an_active_one()
    {
        var done = new List<long>();
        for (var i = 0; i < 3; i++)
            done.Add(await fleet.PostJobAsync("""{"kind":"sleep","seconds":0}"""));
        var running = await fleet.PostJobAsync("""{"kind":"sleep","seconds":120}""");
        foreach (var id in done)
            await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "COMPLETED", "to complete");
        await fleet.WaitForJobAsync(running, j => JobFleet.JobStatus(j) == "RUNNING", "to run");

        var conflict = await fleet.SendAsync(HttpMethod.Delete, $"/jobs/{running}");
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("JOB_CONFLICT", conflict.Json.GetProperty("error_code").GetString());

        var prune = await fleet.AmpctlAsync("job", "prune");
        Assert.True(prune.ExitCode == 0, prune.ToString());
        foreach (var id in done)
            Assert.Equal(HttpStatusCode.NotFound, (await fleet.GetAsync($"/jobs/{id}")).Status);
        Assert.Equal("RUNNING", JobFleet.JobStatus(await fleet.GetJobAsync(running)));
        await fleet.SendAsync(HttpMethod.Put, $"/jobs/{running}/stop");
    }

    [Fact]
    public async Task Retryable_failures_are_retried_and_become_fatal_after_max_attempts()
    {
        var id = await fleet.PostJobAsync("""{"kind":"sleep","seconds":0,"fail":"error","max_attempts":3}""");
        var job = await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "FATAL", "to run out of attempts", TimeSpan.FromSeconds(60));
        Assert.Equal(3, job.GetProperty("attempts").GetInt32());
        Assert.Equal(3L, await fleet.CountAsync("SELECT count(*) FROM job_events WHERE job_id = $1 AND event_type = 'ERROR'", id));
        var progress = (await fleet.GetAsync($"/jobs/{id}/progress")).Json;
        Assert.Equal("SLEEP_FAILED", progress.GetProperty("detail").GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Fatal_failures_are_never_retried()
    {
        var id = await fleet.PostJobAsync("""{"kind":"sleep","seconds":0,"fail":"fatal"}""");
        var job = await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "FATAL", "to fail");
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_job_targeted_at_a_worker_runs_there_and_the_least_loaded_worker_gets_the_next()
    {
        var pinned = await fleet.PostJobAsync("""{"kind":"sleep","seconds":120,"worker_id":"d2"}""");
        await fleet.WaitForJobAsync(pinned, j => JobFleet.JobStatus(j) == "RUNNING", "to run");
        Assert.Equal("d2", JobFleet.Node(await fleet.GetJobAsync(pinned)));
        var next = await fleet.PostJobAsync("""{"kind":"sleep","seconds":120}""");
        Assert.Equal("d1", JobFleet.Node(await fleet.GetJobAsync(next)));
        var prefixed = await fleet.PostJobAsync("""{"kind":"sleep","seconds":0,"worker_id":"d*"}""");
        await fleet.WaitForJobAsync(prefixed, j => JobFleet.JobStatus(j) == "COMPLETED", "to complete");
        foreach (var id in new[] { pinned, next })
            await fleet.SendAsync(HttpMethod.Put, $"/jobs/{id}/stop");
        Assert.Empty(await OwnershipLedger.ViolationsAsync(fleet.Db));
    }

    [Fact]
    public async Task Malformed_notifications_are_ignored_and_workers_keep_running_jobs()
    {
        await fleet.Db.ExecuteAsync("SELECT pg_notify('job_actions', 'not json'), pg_notify('job_actions', '{\"node_id\":\"d1\",\"payload\":{\"job_id\":-5,\"action\":\"EXPLODE\"}}')");
        var id = await fleet.PostJobAsync("""{"kind":"sleep","seconds":0,"worker_id":"d1"}""");
        await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "COMPLETED", "to complete");
        Assert.False(fleet.Worker("d1").HasExited);
        await fleet.Worker("d1").WaitForOutputAsync("malformed job_actions notification");
    }
}
