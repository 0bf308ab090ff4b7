using Amp.AdminClient;
using Amp.AdminClient.Jobs;
using Amp.Core.Workers;
using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

public sealed class JobClientTests : IAsyncLifetime
{
    private FakeJobsApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeJobsApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private AdminApiClient Client() => new(new Uri(_api.Url));

    [Fact]
    public async Task A_page_reads_every_descriptor_kind_statuses_in_any_case_and_the_cursor()
    {
        _api.Get("/jobs?status=all", 200, CannedJobs.Page);
        using var client = Client();

        var result = await client.ListJobsAsync(JobListFilter.All);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(CannedJobs.Page, result.RawJson);
        var jobs = result.Value.Jobs;
        Assert.Equal([12L, 11, 9, 8, 7], jobs.Select(j => j.Id.Value));
        Assert.Equal(JobId.Parse("7"), result.Value.NextCursor);

        Assert.Equal(new SleepDescriptor(60) { Json = jobs[0].Descriptor!.Json }, jobs[0].Descriptor);
        Assert.Equal((JobStatus.Running, new Epoch(3), 1, 10), (jobs[0].Status, jobs[0].Epoch!.Value, jobs[0].Attempts, jobs[0].MaxAttempts));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 18, 20, 15, TimeSpan.Zero), jobs[0].CreatedAt);

        Assert.Equal(JobStatus.Error, jobs[1].Status);
        Assert.Null(jobs[1].Epoch);
        Assert.Equal(SleepFailure.Error, Assert.IsType<SleepDescriptor>(jobs[1].Descriptor).Fail);

        var raw = Assert.IsType<MaterializeRawDescriptor>(jobs[2].Descriptor);
        Assert.Equal(("eth", "blocks", CannedJobs.ManifestHash, "1000"), (raw.DatasetNamespace, raw.DatasetName, raw.ManifestHash, raw.EndBlock));

        Assert.Equal(JobStatus.Unknown, jobs[3].Status);
        Assert.Equal("materialize-derived", Assert.IsType<OtherDescriptor>(jobs[3].Descriptor).Kind);

        Assert.Null(jobs[4].Descriptor);
        Assert.Null(jobs[4].Attempts);
    }

    [Fact]
    public async Task A_known_kind_with_unexpected_fields_is_kept_as_another_descriptor()
    {
        _api.Get("/jobs/5", 200, """
            {"id":5,"created_at":"2026-11-29T18:20:15Z","updated_at":"2026-11-29T18:20:15Z","node_id":"w1","status":"SCHEDULED",
             "descriptor":{"kind":"sleep","seconds":"soon"}}
            """);
        using var client = Client();

        var result = await client.GetJobAsync(JobId.Parse("5"));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("sleep", Assert.IsType<OtherDescriptor>(result.Value.Descriptor).Kind);
    }

    [Fact]
    public async Task A_job_id_that_is_not_positive_breaks_the_contract()
    {
        _api.Get("/jobs/5", 200, """{"id":0,"created_at":"2026-11-29T18:20:15Z","updated_at":"2026-11-29T18:20:15Z","node_id":"w1","status":"SCHEDULED","descriptor":null}""");
        using var client = Client();

        var result = await client.GetJobAsync(JobId.Parse("5"));

        Assert.False(result.IsSuccess);
        Assert.Equal(AdminErrorCodes.InvalidResponse, result.Error.ErrorCode);
    }

    [Fact]
    public async Task Stop_remove_and_prune_succeed_on_empty_answers_and_keep_the_empty_body()
    {
        _api.Respond("PUT", "/jobs/3/stop", 200)
            .Respond("DELETE", "/jobs/3", 204)
            .Respond("DELETE", "/jobs?status=error", 204, headers: new Dictionary<string, string> { ["X-Deleted-Count"] = "4" });
        using var client = Client();
        var id = JobId.Parse("3");

        var stop = await client.StopJobAsync(id);
        var rm = await client.RemoveJobAsync(id);
        var prune = await client.PruneJobsAsync(JobPruneStatus.Error);

        Assert.Equal((true, ""), (stop.IsSuccess, stop.RawJson));
        Assert.Equal(id, rm.Value!.JobId);
        Assert.Equal(new JobsPruned(JobPruneStatus.Error, 4), prune.Value);
        Assert.Equal(["PUT", "DELETE", "DELETE"], _api.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Event_detail_and_progress_keep_their_json_payloads()
    {
        _api.Get("/jobs/3/events/9", 200, """{"id":9,"job_id":3,"created_at":"2026-11-29T18:20:15Z","node_id":"w1","event_type":"FATAL","epoch":2,"detail":{"error_code":"X"}}""")
            .Get("/jobs/3/progress", 200, """{"job_id":3,"job_status":"RUNNING","tables":{"blocks":{"current_block":null,"start_block":null,"files_count":0,"total_size_bytes":0}},"progress":{"elapsed_seconds":70,"total_seconds":60}}""");
        using var client = Client();

        var ev = await client.GetJobEventAsync(JobId.Parse("3"), 9);
        var progress = await client.GetJobProgressAsync(JobId.Parse("3"));

        Assert.True(ev.Value!.IsError);
        Assert.Equal("X", ev.Value.Detail!.Value.GetProperty("error_code").GetString());
        Assert.Null(progress.Value!.Tables["blocks"].StartBlock);
        Assert.Equal(100, progress.Value.Elapsed!.Percent);
        Assert.Null(progress.Value.Elapsed.UpdatedAt);
        Assert.Null(progress.Value.Detail);
    }

    [Fact]
    public async Task Progress_of_another_form_is_kept_as_json_and_not_read_as_elapsed_time()
    {
        _api.Get("/jobs/3/progress", 200, """{"job_id":3,"job_status":"RUNNING","tables":{},"progress":{"phase":"sync","elapsed_seconds":"a while"}}""");
        using var client = Client();

        var result = await client.GetJobProgressAsync(JobId.Parse("3"));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Null(result.Value.Elapsed);
        Assert.Equal("sync", result.Value.Progress!.Value.GetProperty("phase").GetString());
    }

    [Theory]
    [InlineData("12", true, 12L)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("0", false, 0L)]
    [InlineData("-1", false, 0L)]
    [InlineData("+1", true, 1L)]
    [InlineData(" 1", false, 0L)]
    [InlineData("", false, 0L)]
    [InlineData("1e3", false, 0L)]
    public void Job_ids_are_positive_64_bit_integers(string raw, bool ok, long value)
    {
        Assert.Equal(ok, JobId.TryParse(raw, out var id, out var error));
        Assert.Equal(value, id.Value);
        Assert.Equal(ok, error is null);
    }

    [Theory]
    [InlineData("worker-01", true, false)]
    [InlineData("worker-*", true, true)]
    [InlineData("w*", true, true)]
    [InlineData("*", false, false)]
    [InlineData("w**", false, false)]
    [InlineData("-w*", false, false)]
    [InlineData("", false, false)]
    public void Worker_selectors_are_a_node_id_or_a_node_id_prefix_and_a_star(string raw, bool ok, bool prefix)
    {
        Assert.Equal(ok, WorkerSelector.TryParse(raw, out var selector, out _));
        if (ok)
            Assert.Equal((raw, prefix), (selector.Value, selector.IsPrefix));
    }

    [Fact]
    public async Task The_schedule_body_is_the_descriptor_then_worker_and_key()
    {
        _api.Respond("POST", "/jobs", 202, CannedJobs.Scheduled);
        using var client = Client();
        WorkerSelector.TryParse("gpu-*", out var worker, out _);

        var result = await client.ScheduleJobAsync(new ScheduleJobRequest(new SleepDescriptor(3, SleepFailure.Error), worker, "k\"1"));

        Assert.Equal(JobId.Parse("42"), result.Value!.JobId);
        Assert.Equal("""{"kind":"sleep","seconds":3,"fail":"error","worker_id":"gpu-*","idempotency_key":"k\u00221"}""",
            Assert.Single(_api.Requests).Body);
    }
}
