using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Amp.Jobs.Tests;

public sealed class TwoWorkerBatchFleet() : JobFleet(["bt1", "bt2"]);

/// <summary>
/// <c>POST /jobs</c> with an array: every element checked before anything is written, all jobs in one transaction
/// with one notification, ids in request order, spread over the workers, and every job run exactly once.
/// </summary>
public class BatchJobTests(TwoWorkerBatchFleet fleet) : IClassFixture<TwoWorkerBatchFleet>
{
    private async Task<ApiResponse> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await fleet.Http.PostAsync(new Uri(fleet.AdminUrl + "/jobs"), content);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private static string Sleeps(int n, string extra = "") =>
        "[" + string.Join(",", Enumerable.Range(0, n).Select(_ => "{\"kind\":\"sleep\",\"seconds\":0" + extra + "}")) + "]";

    [Fact]
    public async Task A_batch_is_one_notification_its_ids_come_in_request_order_and_every_job_runs_once()
    {
        // Listen like a worker does, to count what the controller sends for the batch.
        var notes = new ConcurrentQueue<string>();
        await using var listen = new NpgsqlConnection(fleet.Db.Settings.ConnectionString);
        await listen.OpenAsync();
        listen.Notification += (_, e) => notes.Enqueue(e.Payload);
        await using (var cmd = new NpgsqlCommand("LISTEN job_actions", listen))
            await cmd.ExecuteNonQueryAsync();
        // Drains anything in flight from other tests of the class before the count starts.
        while (await listen.WaitAsync(TimeSpan.FromMilliseconds(300)))
        {
        }
        notes.Clear();

        var r = await PostAsync(Sleeps(60));
        Assert.True(r.Status == HttpStatusCode.Accepted, r.ToString());
        var ids = r.Json.GetProperty("job_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(60, ids.Length);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(60, ids.Distinct().Count());

        await Eventually.UntilAsync(async () =>
        {
            await listen.WaitAsync(TimeSpan.FromMilliseconds(100));
            return !notes.IsEmpty;
        }, "the batch's notification to arrive");
        while (await listen.WaitAsync(TimeSpan.FromMilliseconds(500)))
        {
        }
        var payload = Assert.Single(notes);
        var doc = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("START_SCHEDULED", doc.GetProperty("payload").GetProperty("action").GetString());

        foreach (var id in ids)
            await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "COMPLETED", "to complete", TimeSpan.FromSeconds(90));
        var nodes = await fleet.CountAsync("SELECT count(DISTINCT node_id) FROM jobs WHERE id = ANY($1)", ids);
        Assert.Equal(2, nodes); // least-loaded placement spreads one batch over both workers
        var named = doc.GetProperty("node_ids").EnumerateArray().Select(e => e.GetString()!).Order().ToArray();
        Assert.Equal(new[] { "bt1", "bt2" }, named);
        Assert.Equal(60, await fleet.CountAsync("SELECT count(*) FROM job_events WHERE job_id = ANY($1) AND event_type = 'SCHEDULED'", ids));
        Assert.Equal(60, await fleet.CountAsync("SELECT count(*) FROM job_events WHERE job_id = ANY($1) AND event_type = 'RUNNING'", ids));
        Assert.Equal(60, await fleet.CountAsync("SELECT count(*) FROM job_events WHERE job_id = ANY($1) AND event_type = 'COMPLETED'", ids));
    }

    [Theory]
    [InlineData("[]", "INVALID_BODY", "empty")]
    [InlineData("""[{"kind":"sleep","seconds":0},{"kind":"sleep","seconds":0},7]""", "INVALID_BODY", "element 2")]
    [InlineData("""[{"kind":"sleep","seconds":0},{"kind":"sleep","seconds":0},{"kind":"sleep","seconds":-1}]""", "INVALID_BODY", "element 2")]
    [InlineData("""[{"kind":"sleep","seconds":0},{"kind":"sleep","seconds":0,"typo":1}]""", "INVALID_BODY", "element 1")]
    [InlineData("""[{"kind":"sleep","seconds":0},{"kind":"sleep","seconds":0,"kind":"sleep"}]""", "INVALID_BODY", "element 1")]
    [InlineData("""[{"kind":"sleep","seconds":0,"idempotency_key":"k"},{"kind":"sleep","seconds":1,"idempotency_key":"k"}]""", "INVALID_BODY", "element 1")]
    [InlineData("""[{"kind":"sleep","seconds":0},{"kind":"sleep","seconds":0,"worker_id":"nobody"}]""", "WORKER_NOT_AVAILABLE", "element 1")]
    public async Task A_bad_element_is_400_naming_its_index_and_nothing_is_written(string body, string code, string names)
    {
        var before = await fleet.CountAsync("SELECT count(*) FROM jobs");
        var events = await fleet.CountAsync("SELECT count(*) FROM job_events");
        var r = await PostAsync(body);
        Assert.True(r.Status == HttpStatusCode.BadRequest, r.ToString());
        Assert.Equal(code, r.Json.GetProperty("error_code").GetString());
        Assert.Contains(names, r.Json.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await fleet.CountAsync("SELECT count(*) FROM jobs"));
        Assert.Equal(events, await fleet.CountAsync("SELECT count(*) FROM job_events"));
    }

    [Fact]
    public async Task More_than_the_limit_is_400()
    {
        var r = await PostAsync(Sleeps(1001));
        Assert.True(r.Status == HttpStatusCode.BadRequest, r.ToString());
        Assert.Contains("1000", r.Json.GetProperty("error_message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_in_a_batch_return_active_jobs_and_a_conflict_refuses_the_whole_batch()
    {
        var active = await fleet.PostJobAsync("""{"kind":"sleep","seconds":300,"idempotency_key":"batch-a"}""");
        var r = await PostAsync("""[{"kind":"sleep","seconds":0},{"kind":"sleep","seconds":300,"idempotency_key":"batch-a"},{"kind":"sleep","seconds":0,"idempotency_key":"batch-b"}]""");
        Assert.True(r.Status == HttpStatusCode.Accepted, r.ToString());
        var ids = r.Json.GetProperty("job_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(3, ids.Length);
        Assert.Equal(active, ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        await fleet.WaitForJobAsync(ids[2], j => JobFleet.JobStatus(j) == "COMPLETED", "to complete");

        var before = await fleet.CountAsync("SELECT count(*) FROM jobs");
        var conflict = await PostAsync("""[{"kind":"sleep","seconds":0},{"kind":"sleep","seconds":5,"idempotency_key":"batch-a"}]""");
        Assert.True(conflict.Status == HttpStatusCode.Conflict, conflict.ToString());
        Assert.Equal("ACTIVE_JOB_CONFLICT", conflict.Json.GetProperty("error_code").GetString());
        Assert.StartsWith("element 1: ", conflict.Json.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await fleet.CountAsync("SELECT count(*) FROM jobs"));

        // A finished key in a batch runs again under its id.
        var rerun = await PostAsync("""[{"kind":"sleep","seconds":0,"idempotency_key":"batch-b"},{"kind":"sleep","seconds":0}]""");
        Assert.True(rerun.Status == HttpStatusCode.Accepted, rerun.ToString());
        Assert.Equal(ids[2], rerun.Json.GetProperty("job_ids")[0].GetInt64());
        await fleet.WaitForJobAsync(ids[2], j => JobFleet.JobStatus(j) == "COMPLETED" && j.GetProperty("attempts").GetInt32() == 1, "to run again");
        Assert.Equal(2, await fleet.CountAsync("SELECT count(*) FROM job_events WHERE job_id = $1 AND event_type = 'COMPLETED'", ids[2]));

        await fleet.SendAsync(HttpMethod.Put, $"/jobs/{active}/stop");
    }

    [Fact]
    public async Task Ampctl_count_schedules_many_jobs_in_one_request_and_refuses_a_key_with_it()
    {
        var run = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "0", "--count", "5", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var ids = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("job_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(5, ids.Length);
        foreach (var id in ids)
            await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "COMPLETED", "to complete");

        var text = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "0", "--count", "3");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("3 jobs scheduled: ", text.Stdout, StringComparison.Ordinal);

        var usage = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "0", "--count", "3", "--idempotency-key", "k");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--idempotency-key", usage.Stderr, StringComparison.Ordinal);
    }
}
