using System.Net;
using Amp.Controller.Tests.Datasets;
using static Amp.Controller.Tests.Datasets.RegistryFleet;

namespace Amp.Controller.Tests.Jobs;

/// <summary>
/// <c>GET /jobs/{id}/events?limit=N</c>: a job with many events answers only its newest N (still oldest first), so the
/// dashboard's job page stays small; without the limit every event, as in Amp.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class JobEventLimitTests(RegistryFleet fleet)
{
    [Fact]
    public async Task Limit_keeps_the_newest_events_oldest_first_and_without_it_every_event_is_listed()
    {
        var job = await fleet.PostAsync("/jobs", """{"kind":"sleep","seconds":3600,"worker_id":"w1"}""");
        AssertStatus(job, HttpStatusCode.Accepted);
        var id = job.Json.GetProperty("job_id").GetInt64();
        // Once it runs, the job writes no more events until it is stopped.
        await Eventually.UntilAsync(async () => (await fleet.GetAsync($"/jobs/{id}")).Json.GetProperty("status").GetString() == "RUNNING",
            $"job {id} to run", TimeSpan.FromSeconds(60));
        await fleet.Db.ExecuteAsync(
            "INSERT INTO job_events (job_id, node_id, event_type) SELECT $1, 'w1', 'PROGRESS_' || i FROM generate_series(1, 500) i", id);
        var total = await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM job_events WHERE job_id = $1", id);

        var all = await fleet.GetAsync($"/jobs/{id}/events");
        AssertStatus(all, HttpStatusCode.OK);
        var allIds = all.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(total, allIds.Count);

        var newest = await fleet.GetAsync($"/jobs/{id}/events?limit=101");
        AssertStatus(newest, HttpStatusCode.OK);
        var events = newest.Json.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(allIds.TakeLast(101), events.Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal("PROGRESS_500", events[^1].GetProperty("event_type").GetString());

        Assert.Equal(allIds, (await fleet.GetAsync($"/jobs/{id}/events?limit=10000")).Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        AssertStatus(await fleet.SendJsonAsync(HttpMethod.Put, $"/jobs/{id}/stop", null), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("10001")]
    [InlineData("many")]
    public async Task A_bad_limit_is_400_saying_the_range(string limit)
    {
        var r = await fleet.GetAsync($"/jobs/1/events?limit={limit}");
        AssertError(r, HttpStatusCode.BadRequest, "INVALID_QUERY_PARAMETERS");
        Assert.Contains("1 to 10000", r.Json.GetProperty("error_message").GetString(), StringComparison.Ordinal);
    }
}
