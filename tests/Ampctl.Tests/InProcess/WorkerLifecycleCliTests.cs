using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

/// <summary><c>worker drain</c>, <c>undrain</c>, <c>retire</c> and <c>safe-to-stop</c>.</summary>
public sealed class WorkerLifecycleCliTests : IAsyncLifetime
{
    private static readonly string NotFound = CannedWorkers.Error("WORKER_NOT_FOUND", "no worker 'w9' is registered");
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeAdminApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Drain_posts_and_reports_a_pending_acknowledgement()
    {
        _api.Respond("POST", "/workers/w1/drain", 200, CannedFleet.Worker("w1", drainingSince: "2026-11-29T18:24:00Z"));

        var run = await CliRun.RunAsync("worker", "drain", "w1", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("✓ Worker w1 draining (no new jobs); acknowledged: pending\n", run.Stdout);
        Assert.Equal("", run.Stderr);
        var request = Assert.Single(_api.Requests);
        Assert.Equal(("POST", "/workers/w1/drain"), (request.Method, request.PathAndQuery));
    }

    [Fact]
    public async Task Drain_of_a_worker_that_already_acknowledged_shows_when()
    {
        _api.Respond("POST", "/workers/w1/drain", 200,
            CannedFleet.Worker("w1", drainingSince: "2026-11-29T18:24:00Z", drainAcknowledgedAt: "2026-11-29T18:24:01Z"));

        var run = await CliRun.RunAsync("worker", "drain", "w1", "--admin-url", _api.Url);

        Assert.Equal("✓ Worker w1 draining (no new jobs); acknowledged: 2026-11-29T18:24:01Z\n", run.Stdout);
    }

    [Fact]
    public async Task Undrain_and_retire_confirm_in_one_line()
    {
        _api.Respond("POST", "/workers/w1/undrain", 200, CannedFleet.Worker("w1"))
            .Respond("POST", "/workers/w2/retire", 200, CannedFleet.Worker("w2", status: "inactive", retiredAt: "2026-11-29T18:30:00Z"));

        var undrain = await CliRun.RunAsync("worker", "undrain", "w1", "--admin-url", _api.Url);
        var retire = await CliRun.RunAsync("workers", "retire", "w2", "--admin-url", _api.Url);

        Assert.Equal(0, undrain.ExitCode);
        Assert.Equal("✓ Worker w1 accepts jobs again\n", undrain.Stdout);
        Assert.Equal(0, retire.ExitCode);
        Assert.Equal("✓ Worker w2 retired (history kept)\n", retire.Stdout);
        Assert.All(_api.Requests, r => Assert.Equal("POST", r.Method));
    }

    [Fact]
    public async Task Json_prints_the_worker_the_api_returned()
    {
        var body = CannedFleet.Worker("w1", drainingSince: "2026-11-29T18:24:00Z");
        _api.Respond("POST", "/workers/w1/drain", 200, body);

        var run = await CliRun.RunAsync("worker", "drain", "w1", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Ampctl.Output.CompactJson.Compact(body) + "\n", run.Stdout);
    }

    [Fact]
    public async Task Retiring_a_running_worker_exits_1_with_the_servers_explanation()
    {
        _api.Respond("POST", "/workers/w1/retire", 409,
            CannedWorkers.Error("WORKER_ACTIVE", "worker 'w1' is running (its lock is held); stop it before retiring it"));

        var run = await CliRun.RunAsync("worker", "retire", "w1", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ worker 'w1' is running (its lock is held); stop it before retiring it (WORKER_ACTIVE)\n", run.Stderr);
    }

    [Theory]
    [InlineData("drain")]
    [InlineData("undrain")]
    [InlineData("retire")]
    [InlineData("safe-to-stop")]
    public async Task Unknown_worker_exits_1_with_worker_not_found(string verb)
    {
        var method = verb == "safe-to-stop" ? "GET" : "POST";
        _api.Respond(method, $"/workers/w9/{verb}", 404, NotFound);

        var run = await CliRun.RunAsync("worker", verb, "w9", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ worker not found: w9\n", run.Stderr);
    }

    [Theory]
    [InlineData("drain")]
    [InlineData("undrain")]
    [InlineData("retire")]
    [InlineData("safe-to-stop")]
    public async Task Invalid_id_is_a_usage_error_and_sends_nothing(string verb)
    {
        var run = await CliRun.RunAsync("worker", verb, "-bad", "--admin-url", _api.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Safe_to_stop_prints_safe_and_exits_0()
    {
        _api.Respond("/workers/worker-01/safe-to-stop", 200, CannedHistory.SafeToStop(true, "drained and idle"));

        var run = await CliRun.RunAsync("worker", "safe-to-stop", "worker-01", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("safe\n", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Not_safe_to_stop_prints_the_reason_and_exits_1()
    {
        _api.Respond("/workers/worker-01/safe-to-stop", 200, CannedHistory.SafeToStop(false, "2 jobs running"));

        var text = await CliRun.RunAsync("worker", "safe-to-stop", "worker-01", "--admin-url", _api.Url);
        var json = await CliRun.RunAsync("worker", "safe-to-stop", "worker-01", "--json", "--admin-url", _api.Url);

        Assert.Equal(1, text.ExitCode);
        Assert.Equal("not safe: 2 jobs running\n", text.Stdout);
        Assert.Equal(1, json.ExitCode);
        Assert.Equal(CannedHistory.SafeToStop(false, "2 jobs running") + "\n", json.Stdout);
    }
}
