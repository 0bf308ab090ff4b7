using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

public sealed class JobRunSleepCliTests : IAsyncLifetime
{
    private FakeJobsApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeJobsApi.StartAsync();
        _api.Respond("POST", "/jobs", 202, CannedJobs.Scheduled)
            .Get("/jobs/42", 200, """{"id":42,"created_at":"2026-11-29T18:20:15Z","updated_at":"2026-11-29T18:20:15Z","node_id":"worker-03","status":"SCHEDULED","descriptor":{"kind":"sleep","seconds":60},"attempts":1,"max_attempts":10,"epoch":null}""");
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Run_sleep_posts_the_descriptor_and_says_which_worker_took_it()
    {
        var run = await CliRun.RunAsync("job", "run", "sleep", "--seconds", "60", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("✓ Job 42 scheduled on worker-03\n", run.Stdout);
        var request = _api.Requests[0];
        Assert.Equal(("POST", "/jobs"), (request.Method, request.PathAndQuery));
        Assert.Equal("""{"kind":"sleep","seconds":60}""", request.Body);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_option_goes_into_the_body()
    {
        var run = await CliRun.RunAsync("jobs", "run", "sleep", "--seconds", "0", "--worker-id", "worker-*", "--fail", "FATAL",
            "--idempotency-key", "nightly-1", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"kind":"sleep","seconds":0,"fail":"fatal","worker_id":"worker-*","idempotency_key":"nightly-1"}""",
            _api.Requests[0].Body);
    }

    [Fact]
    public async Task Json_prints_the_api_body()
    {
        var run = await CliRun.RunAsync("job", "run", "sleep", "--seconds", "5", "--worker-id", "w1", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"job_id":42}""" + "\n", run.Stdout);
        Assert.Equal("""{"kind":"sleep","seconds":5,"worker_id":"w1"}""", _api.Requests[0].Body);
    }

    [Theory]
    [InlineData(503, "NO_WORKERS_AVAILABLE", "no active workers to run the job; start one with 'ampd worker'")]
    [InlineData(503, "NO_MATCHING_WORKERS", "no active worker matches 'gpu-*'")]
    [InlineData(400, "WORKER_NOT_AVAILABLE", "worker 'w9' is not active")]
    [InlineData(409, "ACTIVE_JOB_CONFLICT", "job 41 with idempotency key 'k' is active with a different descriptor")]
    public async Task Scheduling_errors_exit_1_with_the_api_message(int status, string code, string message)
    {
        _api.Respond("POST", "/jobs", status, CannedJobs.Error(code, message));

        var run = await CliRun.RunAsync("job", "run", "sleep", "--seconds", "5", "--json", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal($"✗ {message} ({code})\n", run.Stderr);
    }

    [Theory]
    [InlineData("--seconds", "86401", "✗ invalid --seconds '86401': must be a whole number of seconds from 0 to 86400")]
    [InlineData("--seconds", "-1", "✗ invalid --seconds '-1': must be a whole number of seconds from 0 to 86400")]
    [InlineData("--seconds", "1.5", "✗ invalid --seconds '1.5': must be a whole number of seconds from 0 to 86400")]
    [InlineData("--worker-id", "1w", "✗ Invalid worker ID '1w': must start with an ASCII letter (a-z, A-Z), not '1'")]
    [InlineData("--worker-id", "*", "✗ Invalid worker ID pattern '*': put at least one character before '*', e.g. worker-*")]
    [InlineData("--worker-id", "w*x*", "✗ Invalid worker ID pattern 'w*x*': '*' is allowed once, at the end (a prefix match such as worker-*)")]
    [InlineData("--worker-id", "w!*", "✗ Invalid worker ID pattern 'w!*': invalid character '!' at position 2; only ASCII letters, digits, '_', '-' and '.' are allowed")]
    [InlineData("--fail", "crash", "✗ invalid --fail 'crash': expected error or fatal")]
    [InlineData("--idempotency-key", "", "✗ invalid --idempotency-key '': must not be empty")]
    public async Task Bad_options_are_usage_errors_and_send_nothing(string option, string value, string message)
    {
        string[] args = option == "--seconds"
            ? ["job", "run", "sleep", option, value, "--admin-url", _api.Url]
            : ["job", "run", "sleep", "--seconds", "5", option, value, "--admin-url", _api.Url];

        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(message, run.StderrLines[0]);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Seconds_is_required()
    {
        var run = await CliRun.RunAsync("job", "run", "sleep", "--admin-url", _api.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--seconds", run.StderrLines[0], StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }
}
