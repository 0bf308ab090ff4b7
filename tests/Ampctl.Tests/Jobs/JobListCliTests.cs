using Ampctl.Output;
using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

public sealed class JobListCliTests : IAsyncLifetime
{
    private FakeJobsApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeJobsApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task List_is_a_table_of_id_status_kind_worker_attempt_and_age_with_the_next_cursor()
    {
        _api.Get("/jobs?status=all", 200, CannedJobs.Page);

        var run = await CliRun.RunAsync("job", "list", "--status", "all", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        var lines = run.StdoutLines;
        Assert.Matches(@"^ID   STATUS +KIND +WORKER +ATTEMPT +AGE$", lines[0]);
        Assert.Matches(@"^12   RUNNING +sleep +worker-01 +1/10 +\d+d \d+h$", lines[1]);
        Assert.Matches(@"^11   ERROR +sleep +worker-02 +2/10 +\d+d \d+h$", lines[2]);
        Assert.Matches(@"^9    COMPLETED +materialize-raw +worker-01 ", lines[3]);
        Assert.Matches(@"^7    STOPPED +- +worker-01 ", lines[5]);
        Assert.EndsWith("\n\nNext cursor: 7\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_wide_adds_epoch_times_and_descriptor()
    {
        _api.Get("/jobs?status=all", 200, CannedJobs.Page);

        var run = await CliRun.RunAsync("job", "list", "-s", "all", "-o", "wide", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^ID +STATUS +KIND +WORKER +ATTEMPT +AGE +EPOCH +CREATED +UPDATED +DESCRIPTOR$", run.StdoutLines[0]);
        Assert.Matches(@"^12 +RUNNING .* 3 +2026-11-29T18:20:15Z +2026-11-29T18:20:16Z +sleep 60s$", run.StdoutLines[1]);
    }

    [Fact]
    public async Task Output_json_is_the_same_as_json()
    {
        _api.Get("/jobs?status=active", 200, CannedJobs.Page);

        var run = await CliRun.RunAsync("job", "list", "-o", "json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CompactJson.Compact(CannedJobs.Page) + "\n", run.Stdout);
    }

    [Fact]
    public async Task No_active_jobs_says_how_to_see_finished_ones_and_terminal_is_sent_as_such()
    {
        _api.Get("/jobs?status=active", 200, CannedJobs.EmptyPage).Get("/jobs?status=terminal", 200, CannedJobs.Page);

        var empty = await CliRun.RunAsync("job", "list", "--admin-url", _api.Url);
        var finished = await CliRun.RunAsync("job", "list", "--status", "terminal", "--admin-url", _api.Url);

        Assert.Equal(0, empty.ExitCode);
        Assert.Equal("No active jobs. Finished jobs: ampctl job list --status terminal (or --status all)\n", empty.Stdout);
        Assert.Equal(0, finished.ExitCode);
        Assert.Equal("/jobs?status=terminal", _api.Requests[^1].PathAndQuery);
    }

    [Fact]
    public async Task Global_options_before_the_command_work()
    {
        _api.Get("/jobs?status=active", 200, CannedJobs.Page);

        var run = await CliRun.RunAsync("--admin-url", _api.Url, "--json", "job", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CompactJson.Compact(CannedJobs.Page) + "\n", run.Stdout);
    }

    [Fact]
    public async Task Status_defaults_to_active_and_is_always_sent()
    {
        _api.Get("/jobs?status=active", 200, CannedJobs.LastPage);

        var run = await CliRun.RunAsync("jobs", "ls", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("/jobs?status=active", Assert.Single(_api.Requests).PathAndQuery);
        Assert.DoesNotContain("Next cursor", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limit_after_and_a_status_list_are_passed_as_query_parameters()
    {
        _api.Get("/jobs?limit=2&last_job_id=12&status=ERROR,FATAL", 200, CannedJobs.EmptyPage);

        var run = await CliRun.RunAsync("job", "list", "-l", "2", "-a", "12", "-s", "error, Fatal", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("No jobs found\n", run.Stdout);
        Assert.Equal("/jobs?limit=2&last_job_id=12&status=ERROR,FATAL", Assert.Single(_api.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Json_prints_the_api_body_on_one_line_with_unknown_fields()
    {
        _api.Get("/jobs?status=active", 200, CannedJobs.Page);

        var run = await CliRun.RunAsync("job", "list", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CompactJson.Compact(CannedJobs.Page) + "\n", run.Stdout);
        Assert.StartsWith("""{"jobs":[""" + CannedJobs.Running12Compact, run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("""],"next_cursor":7}""" + "\n", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--status", "dead", "✗ invalid --status 'dead': unknown job status 'dead'; expected active, terminal, all, or a comma list of SCHEDULED, RUNNING, STOP_REQUESTED, STOPPING, COMPLETED, STOPPED, ERROR, FATAL")]
    [InlineData("--status", "running,", "✗ invalid --status 'running,': unknown job status ''; expected active, terminal, all, or a comma list of SCHEDULED, RUNNING, STOP_REQUESTED, STOPPING, COMPLETED, STOPPED, ERROR, FATAL")]
    [InlineData("--limit", "0", "✗ invalid --limit '0': must be a positive integer")]
    [InlineData("--limit", "-3", "✗ invalid --limit '-3': must be a positive integer")]
    [InlineData("--after", "0", "✗ Invalid job ID '0': must be a positive integer (1 or more) (in --after)")]
    [InlineData("--after", "x", "✗ Invalid job ID 'x': must be a positive integer, e.g. 12 (in --after)")]
    public async Task Bad_filters_are_usage_errors_and_send_nothing(string option, string value, string message)
    {
        var run = await CliRun.RunAsync("job", "list", option, value, "--admin-url", _api.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(message, run.StderrLines[0]);
        Assert.Equal("  → run 'ampctl job list --help' for usage", run.StderrLines[^1]);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task A_limit_above_the_server_maximum_is_the_servers_error()
    {
        _api.Get("/jobs?limit=5000&status=active", 400, CannedJobs.Error("LIMIT_TOO_LARGE", "limit 5000 is above the maximum of 1000"));

        var run = await CliRun.RunAsync("job", "list", "--limit", "5000", "--json", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ limit 5000 is above the maximum of 1000 (LIMIT_TOO_LARGE)\n", run.Stderr);
    }

    [Fact]
    public async Task The_token_from_the_environment_is_sent_as_bearer()
    {
        _api.Get("/jobs?status=active", 200, CannedJobs.EmptyPage);
        var env = new Dictionary<string, string> { ["AMP_ADMIN_URL"] = _api.Url, ["AMP_AUTH_TOKEN"] = "s3cret" };

        var run = await CliRun.RunAsync(["job", "list"], env);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Bearer s3cret", Assert.Single(_api.Requests).Authorization);
    }
}
