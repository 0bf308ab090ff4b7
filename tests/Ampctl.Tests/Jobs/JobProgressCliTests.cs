using Ampctl.Output;
using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

public sealed class JobProgressCliTests : IAsyncLifetime
{
    private const string Sleeping = """
        {
          "job_id": 12,
          "job_status": "RUNNING",
          "tables": {},
          "progress": { "elapsed_seconds": 12, "total_seconds": 60, "updated_at": "2026-11-29T18:20:28Z" }
        }
        """;

    private const string Extracting = """
        {
          "job_id": 9,
          "job_status": "RUNNING",
          "tables": {
            "transactions": { "current_block": null, "start_block": null, "files_count": 0, "total_size_bytes": 0 },
            "blocks": { "current_block": 100, "start_block": 0, "files_count": 2, "total_size_bytes": 12345 },
            "logs": { "current_block": 5000000, "start_block": 4000000, "files_count": 730, "total_size_bytes": 5905580032 }
          },
          "progress": null
        }
        """;

    private const string Bounded = """
        {
          "job_id": 21,
          "job_status": "RUNNING",
          "tables": {
            "blocks": { "current_block": 4999, "start_block": 0, "files_count": 5, "total_size_bytes": 1000 },
            "logs": { "current_block": 3999, "start_block": 0, "files_count": 4, "total_size_bytes": 1000 }
          },
          "progress": { "blocks_written": 4000, "blocks_per_second": 200.0, "start_block": 0, "end_block": 9999, "latest_block": 4999, "chain_head": 12000 }
        }
        """;

    private const string Continuous = """
        {
          "job_id": 22,
          "job_status": "RUNNING",
          "tables": { "blocks": { "current_block": 120, "start_block": 0, "files_count": 3, "total_size_bytes": 1000 } },
          "progress": { "blocks_written": 121, "blocks_per_second": 0.5, "start_block": 0, "end_block": null, "latest_block": 120, "chain_head": 121 }
        }
        """;

    private const string Stalled = """
        {
          "job_id": 23,
          "job_status": "RUNNING",
          "tables": { "blocks": { "current_block": null, "start_block": null, "files_count": 0, "total_size_bytes": 0 } },
          "progress": { "blocks_written": 0, "blocks_per_second": 0, "start_block": 100, "end_block": 199, "latest_block": null, "chain_head": 500 }
        }
        """;

    private const string Failed = """
        {
          "job_id": 11,
          "job_status": "FATAL",
          "tables": {},
          "progress": null,
          "detail": {
            "error_code": "SLEEP_FAILED",
            "error_message": "sleep job failed as asked",
            "error_context": { "attempt": 2, "node_id": "worker-02", "stack_trace": ["SleepJob.RunAsync", "JobRunner.RunAsync"] }
          }
        }
        """;

    private FakeJobsApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeJobsApi.StartAsync();
        _api.Get("/jobs/12/progress", 200, Sleeping)
            .Get("/jobs/9/progress", 200, Extracting)
            .Get("/jobs/11/progress", 200, Failed)
            .Get("/jobs/21/progress", 200, Bounded)
            .Get("/jobs/22/progress", 200, Continuous)
            .Get("/jobs/23/progress", 200, Stalled)
            .Get("/jobs/99/progress", 404, CannedJobs.Error("JOB_NOT_FOUND", "job 99 not found"));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_sleep_job_shows_elapsed_of_total_and_no_tables()
    {
        var run = await CliRun.RunAsync("job", "progress", "12", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Job ID: 12\nStatus: RUNNING\n\nProgress: 12s of 60s (20%)\n\nNo tables written yet.\n", run.Stdout);
    }

    [Fact]
    public async Task Tables_are_sorted_with_block_range_files_and_size()
    {
        var run = await CliRun.RunAsync("jobs", "progress", "9", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
            Job ID: 9
            Status: RUNNING

            Tables:
              blocks:
                Block range: 0 - 100
                Files: 2
                Size: 12.1 KB
              logs:
                Block range: 4000000 - 5000000
                Files: 730
                Size: 5.5 GB
              transactions:
                Block range: (no data)
                Files: 0
                Size: 0 B

            """.ReplaceLineEndings("\n"),
            run.Stdout);
    }

    [Fact]
    public async Task A_bounded_extraction_shows_its_rate_and_an_eta_from_the_lowest_table()
    {
        var run = await CliRun.RunAsync("job", "progress", "21", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        // logs is at 3999: 6000 blocks to 9999 at 200 blocks/s = 30 s
        Assert.StartsWith("Job ID: 21\nStatus: RUNNING\n\nRate: 200.0 blocks/s\nETA: 30s (6000 blocks to 9999)\n\nTables:\n", run.Stdout);
    }

    [Fact]
    public async Task A_continuous_extraction_shows_its_rate_and_the_head_but_no_eta()
    {
        var run = await CliRun.RunAsync("job", "progress", "22", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Job ID: 22\nStatus: RUNNING\n\nRate: 0.5 blocks/s (continuous, chain head 121)\n\nTables:\n", run.Stdout);
        Assert.DoesNotContain("ETA", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extraction_without_blocks_in_the_last_interval_has_an_unknown_eta()
    {
        var run = await CliRun.RunAsync("job", "progress", "23", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Job ID: 23\nStatus: RUNNING\n\nRate: 0.0 blocks/s\nETA: unknown, no blocks in the last interval (100 blocks to 199)\n", run.Stdout);
    }

    [Fact]
    public async Task A_failed_job_shows_the_error_block()
    {
        var run = await CliRun.RunAsync("job", "progress", "11", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
            Job ID: 11
            Status: FATAL

            ✖ sleep job failed as asked

              Error Code : SLEEP_FAILED
              Attempt    : 2
              Node Id    : worker-02

              Stack Trace:
                • SleepJob.RunAsync
                • JobRunner.RunAsync

            No tables written yet.

            """.ReplaceLineEndings("\n"),
            run.Stdout);
    }

    [Fact]
    public async Task Json_is_the_api_body()
    {
        var run = await CliRun.RunAsync("job", "progress", "11", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CompactJson.Compact(Failed) + "\n", run.Stdout);
    }

    [Fact]
    public async Task Missing_job_exits_1()
    {
        var run = await CliRun.RunAsync("job", "progress", "99", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ job not found: 99\n", run.Stderr);
    }
}
