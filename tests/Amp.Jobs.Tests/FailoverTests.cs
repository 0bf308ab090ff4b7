using System.Net;
using System.Text.Json;

namespace Amp.Jobs.Tests;

public sealed class FailoverFleet() : JobFleet(["f1", "f2", "f3"]);

/// <summary>Jobs keep going when the worker running them dies, loses its connection or shuts down.</summary>
[Collection("failover")]
public class FailoverTests(FailoverFleet fleet) : IClassFixture<FailoverFleet>
{
    private async Task<(long Id, string Node)> RunningJobAsync(string? onWorker = null)
    {
        var target = onWorker is null ? "" : $""","worker_id":"{onWorker}" """;
        var id = await fleet.PostJobAsync($$"""{"kind":"sleep","seconds":600{{target}}}""");
        var job = await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "RUNNING", "to run");
        return (id, JobFleet.Node(job));
    }

    /// <summary>The last SCHEDULED event's context (why); its detail is the descriptor itself, as in Amp.</summary>
    private static JsonElement LastScheduledContext(JsonElement events, long jobId, JobFleet fleet)
    {
        var last = events.GetProperty("events").EnumerateArray().Last(e => e.GetProperty("event_type").GetString() == "SCHEDULED");
        var full = fleet.GetAsync($"/jobs/{jobId}/events/{last.GetProperty("id").GetInt64()}").Result.Json;
        Assert.Equal("sleep", full.GetProperty("detail").GetProperty("kind").GetString());
        Assert.False(full.GetProperty("detail").TryGetProperty("reason", out _));
        Assert.Equal(full.GetProperty("context").GetRawText(), last.GetProperty("context").GetRawText());
        return full.GetProperty("context");
    }

    [Fact]
    public async Task Killing_the_worker_of_a_running_job_moves_it_to_another_worker_within_10_seconds()
    {
        var (id, victim) = await RunningJobAsync();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        fleet.Worker(victim).Kill9();

        var moved = await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "RUNNING" && JobFleet.Node(j) != victim,
            "to run on another worker", TimeSpan.FromSeconds(10));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
        Assert.Equal(2, moved.GetProperty("attempts").GetInt32());
        var context = LastScheduledContext((await fleet.GetAsync($"/jobs/{id}/events")).Json, id, fleet);
        Assert.Equal("failover", context.GetProperty("reason").GetString());
        Assert.Equal(victim, context.GetProperty("from_node").GetString());
        Assert.Equal(2, context.GetProperty("attempt").GetInt32());
        Assert.Contains("inactive", context.GetProperty("why").GetString());

        await fleet.RestartWorkerAsync(victim); // the old node comes back and finds the job gone
        await fleet.WaitForStatusAsync(victim, "active");
        Assert.Equal(JobFleet.Node(moved), JobFleet.Node(await fleet.GetJobAsync(id)));
        Assert.Empty(await OwnershipLedger.ViolationsAsync(fleet.Db));
        await fleet.SendAsync(HttpMethod.Put, $"/jobs/{id}/stop");
    }

    [Fact]
    public async Task A_worker_whose_connections_are_terminated_loses_its_jobs_and_never_writes_to_them_again()
    {
        var (id, victim) = await RunningJobAsync();
        var before = (await fleet.GetWorkerAsync(victim)).GetProperty("epoch").GetInt64();
        var ownerEpoch = (await fleet.GetJobAsync(id)).GetProperty("epoch").GetInt64();
        await fleet.Db.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE '% ' || $1", victim);

        // The old incarnation fences itself at once. Either the victim is back within the fencing grace and its new
        // incarnation resumes the job, or the controller moves it to another worker: a new owner either way.
        var resumed = await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "RUNNING"
                && (JobFleet.Node(j) != victim || j.GetProperty("epoch").GetInt64() != ownerEpoch),
            "to run under a new owner", TimeSpan.FromSeconds(15));
        await Eventually.UntilAsync(async () => (await fleet.GetWorkerAsync(victim)).GetProperty("epoch").GetInt64() > before,
            $"{victim} to come back under a new epoch", TimeSpan.FromSeconds(20));
        // Give the old owner every chance to misbehave: its reconcile and progress writes must all be refused.
        await Eventually.UntilAsync(async () => await fleet.CountAsync(
            "SELECT count(*) FROM job_events WHERE job_id = $1 AND event_type = 'RUNNING'", id) >= 2, "the new owner's RUNNING event");
        var newOwner = (Node: JobFleet.Node(resumed), Epoch: resumed.GetProperty("epoch").GetInt64());
        var progressBefore = (await fleet.GetAsync($"/jobs/{id}/progress")).Json.GetProperty("progress").GetProperty("elapsed_seconds").GetInt32();
        await Eventually.UntilAsync(async () =>
            (await fleet.GetAsync($"/jobs/{id}/progress")).Json.GetProperty("progress").GetProperty("elapsed_seconds").GetInt32() > progressBefore + 1,
            "progress from the new owner");
        var now = await fleet.GetJobAsync(id);
        Assert.Equal(newOwner, (JobFleet.Node(now), now.GetProperty("epoch").GetInt64()));
        Assert.Equal(0L, await fleet.CountAsync(
            "SELECT count(*) FROM job_events WHERE job_id = $1 AND node_id = $2 AND epoch = $3 AND id > (SELECT min(id) FROM job_events WHERE job_id = $1 AND event_type = 'RUNNING' AND (node_id <> $2 OR epoch <> $3))",
            id, victim, ownerEpoch));
        Assert.Empty(await OwnershipLedger.ViolationsAsync(fleet.Db));
        await fleet.SendAsync(HttpMethod.Put, $"/jobs/{id}/stop");
    }

    [Fact]
    public async Task A_gracefully_stopped_worker_hands_its_jobs_over_without_spending_an_attempt()
    {
        var (id, victim) = await RunningJobAsync();
        fleet.Worker(victim).Signal(Signals.SIGTERM);
        Assert.Equal(0, await fleet.Worker(victim).WaitForExitAsync(TimeSpan.FromSeconds(10)));

        var moved = await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "RUNNING" && JobFleet.Node(j) != victim,
            "to run on another worker", TimeSpan.FromSeconds(10));
        Assert.Equal(1, moved.GetProperty("attempts").GetInt32());
        var reasons = new List<string?>();
        foreach (var e in (await fleet.GetAsync($"/jobs/{id}/events")).Json.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("event_type").GetString() == "SCHEDULED"))
            reasons.Add((await fleet.GetAsync($"/jobs/{id}/events/{e.GetProperty("id").GetInt64()}")).Json.GetProperty("context").GetProperty("reason").GetString());
        Assert.Equal(["new", "worker_shutdown", "failover"], reasons);
        await fleet.RestartWorkerAsync(victim);
        await fleet.SendAsync(HttpMethod.Put, $"/jobs/{id}/stop");
    }

    [Fact]
    public async Task A_draining_worker_takes_no_new_jobs_and_is_safe_to_stop_once_idle()
    {
        var (id, worker) = await RunningJobAsync("f2");
        var drain = await fleet.AmpctlAsync("worker", "drain", worker);
        Assert.True(drain.ExitCode == 0, drain.ToString());
        await Eventually.UntilAsync(async () => (await fleet.GetWorkerAsync(worker)).GetProperty("drain_acknowledged_at").ValueKind == JsonValueKind.String,
            "the drain to be acknowledged", TimeSpan.FromSeconds(10));
        var safe = (await fleet.GetAsync($"/workers/{worker}/safe-to-stop")).Json;
        Assert.False(safe.GetProperty("safe").GetBoolean());
        Assert.Equal(1, safe.GetProperty("running_jobs").GetInt32());

        for (var i = 0; i < 6; i++)
            Assert.NotEqual(worker, JobFleet.Node(await fleet.GetJobAsync(await fleet.PostJobAsync("""{"kind":"sleep","seconds":0}"""))));
        using var pinned = new StringContent($$"""{"kind":"sleep","seconds":0,"worker_id":"{{worker}}"}""", System.Text.Encoding.UTF8, "application/json");
        var refused = await fleet.Http.PostAsync(new Uri(fleet.AdminUrl + "/jobs"), pinned);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        await fleet.SendAsync(HttpMethod.Put, $"/jobs/{id}/stop");
        await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "STOPPED", "to stop");
        Assert.True((await fleet.GetAsync($"/workers/{worker}/safe-to-stop")).Json.GetProperty("safe").GetBoolean());
        await fleet.AmpctlAsync("worker", "undrain", worker);
    }
}
