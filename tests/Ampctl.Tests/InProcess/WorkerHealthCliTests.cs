using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed class WorkerHealthCliTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeAdminApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private void Fleet(params string[] workers) => _api.Respond("/workers", 200, CannedFleet.List(workers));

    [Fact]
    public async Task All_healthy_exits_0_with_a_check_mark_per_worker()
    {
        Fleet(CannedFleet.Worker("worker-01", ageMs: 412), CannedFleet.Worker("w2", status: "stalled", ageMs: 12_000));

        var run = await CliRun.RunAsync("worker", "health", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(
            [
                "✓ worker-01  heartbeat 0.4s ago  active",
                "✓ w2         heartbeat 12.0s ago  stalled",
            ],
            run.StdoutLines);
    }

    [Fact]
    public async Task One_inactive_worker_exits_1_and_is_marked()
    {
        Fleet(CannedFleet.Worker("worker-01", ageMs: 412), CannedFleet.Worker("worker-02", status: "inactive", ageMs: 41_000));

        var run = await CliRun.RunAsync("worker", "health", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(
            [
                "✓ worker-01  heartbeat 0.4s ago  active",
                "✗ worker-02  heartbeat 41.0s ago  inactive",
            ],
            run.StdoutLines);
    }

    [Fact]
    public async Task A_heartbeat_older_than_the_threshold_is_unhealthy_even_when_not_inactive()
    {
        Fleet(CannedFleet.Worker("worker-01", status: "stalled", ageMs: 6_000));

        var lenient = await CliRun.RunAsync("worker", "health", "--admin-url", _api.Url);
        var strict = await CliRun.RunAsync("worker", "health", "--threshold", "5s", "--admin-url", _api.Url);
        var inMs = await CliRun.RunAsync("worker", "health", "--threshold", "6000ms", "--admin-url", _api.Url);

        Assert.Equal(0, lenient.ExitCode);
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal("✗ worker-01  heartbeat 6.0s ago  stalled\n", strict.Stdout);
        Assert.Equal(0, inMs.ExitCode);
    }

    [Fact]
    public async Task Json_reports_each_worker_and_the_threshold_in_seconds()
    {
        Fleet(CannedFleet.Worker("worker-01", ageMs: 412), CannedFleet.Worker("worker-02", status: "inactive", ageMs: 41_000));

        var run = await CliRun.RunAsync("worker", "health", "--json", "--threshold", "500ms", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            """{"healthy":false,"threshold_seconds":0.5,"workers":[{"node_id":"worker-01","healthy":true,"status":"active","heartbeat_age_ms":412},{"node_id":"worker-02","healthy":false,"status":"inactive","heartbeat_age_ms":41000}]}""" + "\n",
            run.Stdout);
    }

    [Fact]
    public async Task Json_of_a_healthy_fleet_with_the_default_threshold()
    {
        Fleet(CannedFleet.Worker("worker-01", ageMs: 412));

        var run = await CliRun.RunAsync("worker", "health", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("""{"healthy":true,"threshold_seconds":30,"workers":[""", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_workers_is_not_healthy()
    {
        Fleet();

        var text = await CliRun.RunAsync("worker", "health", "--admin-url", _api.Url);
        var json = await CliRun.RunAsync("worker", "health", "--json", "--admin-url", _api.Url);

        Assert.Equal(1, text.ExitCode);
        Assert.Equal("No workers found\n", text.Stdout);
        Assert.Equal(1, json.ExitCode);
        Assert.Equal("""{"healthy":false,"threshold_seconds":30,"workers":[]}""" + "\n", json.Stdout);
    }

    [Fact]
    public async Task Retired_workers_are_left_out_even_if_the_server_sends_them()
    {
        Fleet(CannedFleet.Worker("worker-01"), CannedFleet.Worker("old", status: "inactive", ageMs: 9_999_999, retiredAt: "2026-11-01T00:00:00Z"));

        var run = await CliRun.RunAsync("worker", "health", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.StdoutLines);
    }

    [Fact]
    public async Task Marks_and_status_are_coloured_on_a_terminal()
    {
        Fleet(CannedFleet.Worker("worker-01"), CannedFleet.Worker("worker-02", status: "inactive", ageMs: 41_000));

        var run = await CliRun.RunAsync(["worker", "health", "--admin-url", _api.Url], stdoutIsTerminal: true);

        Assert.Contains("\u001b[32m✓\u001b[0m worker-01", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\u001b[91m✗\u001b[0m worker-02", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\u001b[91minactive\u001b[0m", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("30x")]
    [InlineData("-5s")]
    [InlineData("")]
    public async Task An_invalid_threshold_is_a_usage_error_and_sends_nothing(string threshold)
    {
        var run = await CliRun.RunAsync("worker", "health", "--threshold", threshold, "--admin-url", _api.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"✗ invalid --threshold '{threshold}': expected a duration such as 500ms, 30s, 5m, 1h or plain seconds", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Api_error_exits_1_with_one_line()
    {
        _api.Respond("/workers", 503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "the metadata database is unavailable"));

        var run = await CliRun.RunAsync("worker", "health", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ the metadata database is unavailable (METADATA_DB_UNAVAILABLE)\n", run.Stderr);
    }
}
