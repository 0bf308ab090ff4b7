using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed class WorkerInspectCliTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeAdminApi.StartAsync();
        _api.Respond("/workers/worker-01", 200, CannedWorkers.Worker01)
            .Respond("/workers/worker-02", 200, CannedWorkers.Worker02Inactive)
            .Respond("/workers/worker-11", 200, CannedWorkers.Worker01Detail)
            .Respond("/workers/worker-03", 200, CannedWorkers.Worker03Retired)
            .Respond("/workers/w9", 404, CannedWorkers.Error("WORKER_NOT_FOUND", "no worker 'w9' is registered; list workers with 'ampctl worker list'"));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Inspect_prints_the_labelled_block()
    {
        var run = await CliRun.RunAsync("worker", "inspect", "worker-01", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(
            [
                "Node ID:      worker-01",
                "Status:       active",
                "Created:      2026-11-29T18:20:15Z",
                "Registered:   2026-11-29T18:20:15Z",
                "Heartbeat:    2026-11-29T18:25:01Z (0.4s ago)",
                "Uptime:       4m 46s",
                "Restarts:     0",
                "Epoch:        1",
                "",
                "Worker Info:",
                "  Version:          v0.1.0-3-gabcdef0",
                "  Commit:           0123456789abcdef0123456789abcdef01234567",
                "  Commit Timestamp: 2026-11-29T18:00:00Z",
                "  Build Date:       2026-11-29",
                "",
                "Draining:     no",
                "Running Jobs: 2",
            ],
            run.Stdout.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Inspect_shows_drain_state_running_jobs_recent_incarnations_and_refused_starts()
    {
        var run = await CliRun.RunAsync("worker", "inspect", "worker-11", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("Epoch:        2", lines[7]);
        Assert.Equal("", lines[8]);
        Assert.Equal("Worker Info:", lines[9]);
        Assert.Equal(
            [
                "",
                "Draining:     since 2026-11-29T18:24:00Z (acknowledged 2026-11-29T18:24:01Z)",
                "Running Jobs: 3",
                "",
                "Incarnations (2 total):",
                "  epoch 2  host h1 pid 1234  v1.2.0  2026-11-29T18:20:15Z → running",
                "  epoch 1  host h1 pid 1200  v1.1.0  2026-11-29T17:00:00Z → 2026-11-29T18:10:00Z (crashed)",
                "",
                "Refused duplicate starts (1 total):",
                "  2026-11-29T18:21:00Z  host h2 pid 99  v1.2.0",
            ],
            lines[14..]);
    }

    [Fact]
    public async Task Inspect_of_a_retired_worker_shows_when_and_no_refused_starts_section()
    {
        var run = await CliRun.RunAsync("worker", "inspect", "worker-03", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Draining:     no\nRunning Jobs: 0\nRetired:      2026-11-03T10:00:00Z\n", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith(
            "\nIncarnations (1 total):\n  epoch 1  host h3 pid 7  v1.0.0  2026-11-01T09:00:00Z → 2026-11-02T09:00:00Z (graceful)\n",
            run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_json_with_history_is_still_the_api_body()
    {
        var run = await CliRun.RunAsync("worker", "inspect", "worker-11", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Ampctl.Output.CompactJson.Compact(CannedWorkers.Worker01Detail) + "\n", run.Stdout);
    }

    [Fact]
    public async Task Inspect_of_an_inactive_worker_shows_no_uptime()
    {
        var run = await CliRun.RunAsync("worker", "get", "worker-02", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Uptime:       -\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Restarts:     3\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Epoch:        4\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_json_is_the_api_body_byte_for_byte_without_whitespace()
    {
        var run = await CliRun.RunAsync("worker", "inspect", "worker-01", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CannedWorkers.Worker01Compact + "\n", run.Stdout);
    }

    [Fact]
    public async Task Missing_worker_exits_1_with_worker_not_found()
    {
        var run = await CliRun.RunAsync("worker", "inspect", "w9", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ worker not found: w9\n", run.Stderr);
    }

    [Fact]
    public async Task Missing_worker_with_json_still_reports_on_stderr_only()
    {
        var run = await CliRun.RunAsync("worker", "inspect", "w9", "--json", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ worker not found: w9\n", run.Stderr);
    }

    [Theory]
    [InlineData("1abc", "Invalid worker ID '1abc': must start with an ASCII letter (a-z, A-Z), not '1'")]
    [InlineData("bad id", "Invalid worker ID 'bad id': invalid character ' ' (space) at position 4; only ASCII letters, digits, '_', '-' and '.' are allowed")]
    [InlineData("wörker", "Invalid worker ID 'wörker': invalid character 'ö' (U+00F6, not ASCII) at position 2; only ASCII letters, digits, '_', '-' and '.' are allowed")]
    public async Task Invalid_node_id_is_a_usage_error_and_no_request_is_sent(string id, string message)
    {
        var run = await CliRun.RunAsync("worker", "inspect", id, "--admin-url", _api.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ " + message, run.StderrLines[0]);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task The_unknown_route_error_of_the_server_is_passed_through()
    {
        var run = await CliRun.RunAsync("worker", "inspect", "nobody", "--admin-url", _api.Url + "/prefix");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("/prefix/workers/nobody", Assert.Single(_api.Requests).PathAndQuery);
        Assert.Equal("✗ no route (NOT_FOUND)\n", run.Stderr);
    }
}
