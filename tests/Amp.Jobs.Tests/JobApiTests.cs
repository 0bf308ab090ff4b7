using System.Net;
using System.Text;

namespace Amp.Jobs.Tests;

public sealed class OneWorkerFleet() : JobFleet(["a1"]);

/// <summary>The /jobs API: bad input gets a clear 4xx and changes nothing; idempotency keys; paging.</summary>
public class JobApiTests(OneWorkerFleet fleet) : IClassFixture<OneWorkerFleet>
{
    private async Task<ApiResponse> PostAsync(string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await fleet.Http.PostAsync(new Uri(fleet.AdminUrl + "/jobs"), content);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private static void AssertError(ApiResponse r, HttpStatusCode status, string code)
    {
        Assert.True(r.Status == status, r.ToString());
        Assert.Equal(code, r.Json.GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(r.Json.GetProperty("error_message").GetString()));
    }

    [Theory]
    [InlineData("{bad json", "INVALID_BODY")]
    [InlineData("[1,2]", "INVALID_BODY")]
    [InlineData("{}", "INVALID_BODY")]
    [InlineData("""{"kind":"nope"}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep"}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep","seconds":-1}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep","seconds":1.5}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep","seconds":99999999999999999999}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep","seconds":1,"fail":"maybe"}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep","seconds":1,"typo":true}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep","seconds":1,"worker_id":"1bad"}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep","seconds":1,"worker_id":"*"}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep","seconds":1,"max_attempts":0}""", "INVALID_BODY")]
    [InlineData("""{"kind":"sleep","seconds":1,"worker_id":"nobody"}""", "WORKER_NOT_AVAILABLE")]
    public async Task Bad_job_requests_are_rejected_with_a_clear_code_and_create_nothing(string body, string code)
    {
        var before = await fleet.CountAsync("SELECT count(*) FROM jobs");
        AssertError(await PostAsync(body), HttpStatusCode.BadRequest, code);
        Assert.Equal(before, await fleet.CountAsync("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task A_prefix_that_matches_no_worker_is_503_and_a_non_json_content_type_is_415()
    {
        AssertError(await PostAsync("""{"kind":"sleep","seconds":1,"worker_id":"zz*"}"""), HttpStatusCode.ServiceUnavailable, "NO_MATCHING_WORKERS");
        AssertError(await PostAsync("""{"kind":"sleep","seconds":1}""", "text/plain"), HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task A_huge_body_is_413()
    {
        var huge = """{"kind":"sleep","seconds":1,"pad":" """ + new string('x', 2 * 1024 * 1024) + "\"}";
        var r = await PostAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.Status);
        Assert.Equal("PAYLOAD_TOO_LARGE", r.Json.GetProperty("error_code").GetString());
    }

    [Theory]
    [InlineData("/jobs/0", "INVALID_JOB_ID")]
    [InlineData("/jobs/-3", "INVALID_JOB_ID")]
    [InlineData("/jobs/abc", "INVALID_JOB_ID")]
    [InlineData("/jobs/99999999999999999999", "INVALID_JOB_ID")]
    [InlineData("/jobs?limit=0", "LIMIT_INVALID")]
    [InlineData("/jobs?limit=1001", "LIMIT_TOO_LARGE")]
    [InlineData("/jobs?limit=ten", "INVALID_QUERY_PARAMETERS")]
    [InlineData("/jobs?status=BOGUS", "INVALID_QUERY_PARAMETERS")]
    [InlineData("/jobs?last_job_id=-1", "INVALID_QUERY_PARAMETERS")]
    [InlineData("/jobs/1/events/zero", "INVALID_JOB_ID")]
    public async Task Bad_ids_and_queries_are_400(string path, string code) =>
        AssertError(await fleet.GetAsync(path), HttpStatusCode.BadRequest, code);

    [Fact]
    public async Task Unknown_jobs_and_events_are_404_and_deleting_an_absent_job_is_204()
    {
        AssertError(await fleet.GetAsync("/jobs/987654"), HttpStatusCode.NotFound, "JOB_NOT_FOUND");
        AssertError(await fleet.SendAsync(HttpMethod.Put, "/jobs/987654/stop"), HttpStatusCode.NotFound, "JOB_NOT_FOUND");
        Assert.Equal(HttpStatusCode.NoContent, (await fleet.SendAsync(HttpMethod.Delete, "/jobs/987654")).Status);
        var id = await fleet.PostJobAsync("""{"kind":"sleep","seconds":0}""");
        AssertError(await fleet.GetAsync($"/jobs/{id}/events/987654"), HttpStatusCode.NotFound, "EVENT_NOT_FOUND");
        AssertError(await fleet.SendAsync(HttpMethod.Delete, "/jobs?status=running"), HttpStatusCode.BadRequest, "INVALID_QUERY_PARAM");
    }

    [Fact]
    public async Task An_idempotency_key_returns_the_same_active_job_and_refuses_a_different_descriptor()
    {
        var first = await fleet.PostJobAsync("""{"kind":"sleep","seconds":300,"idempotency_key":"nightly-1"}""");
        var again = await fleet.PostJobAsync("""{ "seconds": 300, "kind": "sleep", "idempotency_key": "nightly-1" }""");
        Assert.Equal(first, again);
        AssertError(await PostAsync("""{"kind":"sleep","seconds":5,"idempotency_key":"nightly-1"}"""), HttpStatusCode.Conflict, "ACTIVE_JOB_CONFLICT");

        await fleet.SendAsync(HttpMethod.Put, $"/jobs/{first}/stop");
        await fleet.WaitForJobAsync(first, j => JobFleet.JobStatus(j) == "STOPPED", "to stop");
        var rerun = await fleet.PostJobAsync("""{"kind":"sleep","seconds":0,"idempotency_key":"nightly-1"}""");
        Assert.Equal(first, rerun);
        await fleet.WaitForJobAsync(first, j => JobFleet.JobStatus(j) == "COMPLETED", "to run again and complete");
    }

    [Fact]
    public async Task Paging_with_last_job_id_walks_every_job_once_newest_first()
    {
        for (var i = 0; i < 7; i++)
            await fleet.PostJobAsync("""{"kind":"sleep","seconds":0}""");
        var seen = new List<long>();
        string? cursor = null;
        while (true)
        {
            var page = (await fleet.GetAsync($"/jobs?status=all&limit=3{(cursor is null ? "" : "&last_job_id=" + cursor)}")).Json;
            seen.AddRange(page.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetInt64()));
            if (!page.TryGetProperty("next_cursor", out var next))
                break;
            cursor = next.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.Equal(seen.OrderByDescending(x => x), seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(await fleet.CountAsync("SELECT count(*) FROM jobs"), seen.Count);
    }

    [Fact]
    public async Task Ampctl_job_commands_drive_a_job_end_to_end()
    {
        var run = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "120", "--worker-id", "a1", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetProperty("job_id").GetInt64();
        await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "RUNNING", "to run");

        var inspect = await fleet.AmpctlAsync("job", "inspect", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("RUNNING", inspect.Stdout);
        Assert.Contains("a1", inspect.Stdout);
        var stop = await fleet.AmpctlAsync("job", "stop", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(stop.ExitCode == 0, stop.ToString());
        await fleet.WaitForJobAsync(id, j => JobFleet.JobStatus(j) == "STOPPED", "to stop");
        var events = await fleet.AmpctlAsync("job", "events", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var type in new[] { "SCHEDULED", "RUNNING", "STOP_REQUESTED", "STOPPING", "STOPPED" })
            Assert.Contains(type, events.Stdout);
        var missing = await fleet.AmpctlAsync("job", "inspect", "987654");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("job not found: 987654", missing.Stderr);
        Assert.Equal(2, (await fleet.AmpctlAsync("job", "inspect", "-4")).ExitCode);
    }
}
