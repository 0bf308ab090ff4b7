using Ampctl.Output;
using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

public sealed class JobEventsCliTests : IAsyncLifetime
{
    private const string Events = """
        {
          "job_id": 12,
          "events": [
            { "id": 1, "created_at": "2026-11-29T18:20:15Z", "node_id": "worker-01", "event_type": "SCHEDULED", "epoch": null, "context": { "reason": "new", "attempt": 1 } },
            { "id": 2, "created_at": "2026-11-29T18:20:16Z", "node_id": "worker-01", "event_type": "RUNNING", "epoch": 3 },
            { "id": 4, "created_at": "2026-11-29T18:20:50Z", "node_id": "worker-02", "event_type": "SCHEDULED", "epoch": null, "context": { "reason": "failover", "from_node": "worker-01", "attempt": 2 } },
            { "id": 5, "created_at": "2026-11-29T18:21:00Z", "node_id": "worker-02", "event_type": "ERROR", "epoch": 1 }
          ]
        }
        """;

    private const string Scheduled = """
        {
          "id": 4,
          "job_id": 12,
          "created_at": "2026-11-29T18:20:50Z",
          "node_id": "worker-02",
          "event_type": "SCHEDULED",
          "epoch": null,
          "detail": { "kind": "sleep", "seconds": 60 },
          "context": { "reason": "failover", "from_node": "worker-01", "attempt": 2 }
        }
        """;

    private const string Failed = """
        {
          "id": 5,
          "job_id": 12,
          "created_at": "2026-11-29T18:21:00Z",
          "node_id": "worker-02",
          "event_type": "ERROR",
          "epoch": 1,
          "detail": { "error_code": "SLEEP_FAILED", "error_message": "sleep job failed as asked" }
        }
        """;

    private const string Running = """
        { "id": 2, "job_id": 12, "created_at": "2026-11-29T18:20:16Z", "node_id": "worker-01", "event_type": "RUNNING", "epoch": 3 }
        """;

    private FakeJobsApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeJobsApi.StartAsync();
        _api.Get("/jobs/12/events", 200, Events)
            .Get("/jobs/13/events", 200, """{"job_id":13,"events":[]}""")
            .Get("/jobs/12/events/4", 200, Scheduled)
            .Get("/jobs/12/events/5", 200, Failed)
            .Get("/jobs/12/events/2", 200, Running)
            .Get("/jobs/12/events/77", 404, CannedJobs.Error("EVENT_NOT_FOUND", "event 77 of job 12 not found"))
            .Get("/jobs/99/events", 404, CannedJobs.Error("JOB_NOT_FOUND", "job 99 not found"));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Events_are_listed_in_amps_layout_with_the_epoch_when_known()
    {
        var run = await CliRun.RunAsync("job", "events", "12", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
            Job ID: 12

            Events:
              [1] 2026-11-29T18:20:15Z - SCHEDULED (node: worker-01) — new, attempt 1
              [2] 2026-11-29T18:20:16Z - RUNNING (node: worker-01, epoch 3)
              [4] 2026-11-29T18:20:50Z - SCHEDULED (node: worker-02) — failover from worker-01, attempt 2
              [5] 2026-11-29T18:21:00Z - ERROR (node: worker-02, epoch 1)

            """.ReplaceLineEndings("\n"),
            run.Stdout);
    }

    [Fact]
    public async Task No_events_says_so()
    {
        var run = await CliRun.RunAsync("jobs", "events", "13", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Job ID: 13\n\nNo events recorded.\n", run.Stdout);
    }

    [Fact]
    public async Task A_scheduled_event_shows_its_descriptor_and_why_it_was_scheduled()
    {
        var run = await CliRun.RunAsync("job", "events", "12", "--event-id", "4", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
            Event ID:   4
            Job ID:     12
            Created At: 2026-11-29T18:20:50Z
            Node ID:    worker-02
            Event Type: SCHEDULED

            Detail
            ──────
            Kind    : sleep
            Seconds : 60

            Context
            ───────
            Reason    : failover
            From Node : worker-01
            Attempt   : 2

            """.ReplaceLineEndings("\n"),
            run.Stdout);
    }

    [Fact]
    public async Task An_error_event_shows_the_error_block()
    {
        var run = await CliRun.RunAsync("job", "events", "12", "--event-id", "5", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("Event Type: ERROR\nEpoch:      1\n\n✖ sleep job failed as asked\n\n  Error Code : SLEEP_FAILED\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_without_detail_is_just_the_block()
    {
        var run = await CliRun.RunAsync("job", "events", "12", "--event-id", "2", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("Event Type: RUNNING\nEpoch:      3\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_is_the_api_body_for_the_list_and_for_one_event()
    {
        var list = await CliRun.RunAsync("job", "events", "12", "--json", "--admin-url", _api.Url);
        var one = await CliRun.RunAsync("job", "events", "12", "--event-id", "4", "--json", "--admin-url", _api.Url);

        Assert.Equal(CompactJson.Compact(Events) + "\n", list.Stdout);
        Assert.Equal(CompactJson.Compact(Scheduled) + "\n", one.Stdout);
    }

    [Fact]
    public async Task Missing_job_or_event_exits_1_with_amps_phrases()
    {
        var job = await CliRun.RunAsync("job", "events", "99", "--admin-url", _api.Url);
        var ev = await CliRun.RunAsync("job", "events", "12", "--event-id", "77", "--admin-url", _api.Url);

        Assert.Equal((1, "✗ job not found: 99\n"), (job.ExitCode, job.Stderr));
        Assert.Equal((1, "✗ event 77 not found for job 12\n"), (ev.ExitCode, ev.Stderr));
    }

    [Fact]
    public async Task A_bad_event_id_is_a_usage_error_and_sends_nothing()
    {
        var run = await CliRun.RunAsync("job", "events", "12", "--event-id", "-1", "--admin-url", _api.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("✗ Invalid event ID '-1': must be a positive integer (1 or more) (in --event-id)", run.StderrLines[0]);
        Assert.Empty(_api.Requests);
    }
}
