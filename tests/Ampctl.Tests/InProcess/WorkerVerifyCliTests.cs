using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed class WorkerVerifyCliTests : IAsyncLifetime
{
    private const string Active = "/workers?status=active";
    private FakeAdminApi _api = null!;

    private static readonly string OldFleet = CannedFleet.List(
        CannedFleet.Worker("worker-01"),
        CannedFleet.Worker("worker-02", version: "v1.1.0", sha: CannedFleet.ShaB));

    private static readonly string NewFleet = CannedFleet.List(CannedFleet.Worker("worker-01"), CannedFleet.Worker("worker-02"));

    public async Task InitializeAsync() => _api = await FakeAdminApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Every_active_worker_on_the_version_exits_0()
    {
        _api.Respond(Active, 200, NewFleet);

        var run = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("✓ every active worker runs v1.2.0 (2 of 2)\n", run.Stdout);
        Assert.Equal("", run.Stderr);
        Assert.Equal(Active, Assert.Single(_api.Requests).PathAndQuery);
    }

    [Fact]
    public async Task A_worker_on_another_version_exits_1_and_is_listed()
    {
        _api.Respond(Active, 200, OldFleet);

        var run = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [
                "✗ not converged: 1 of 2 active workers run v1.2.0",
                "✗ worker-02 runs v1.1.0 (abcdef0)",
            ],
            run.StdoutLines);
    }

    [Theory]
    [InlineData("0123456")]
    [InlineData("0123456789ABCDEF")]
    [InlineData(CannedFleet.ShaA)]
    public async Task A_commit_matches_by_full_sha_or_a_prefix_of_at_least_7_hex_digits(string commit)
    {
        _api.Respond(Active, 200, NewFleet);

        var run = await CliRun.RunAsync("worker", "verify", "--commit", commit, "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"✓ every active worker runs commit {commit.ToLowerInvariant()} (2 of 2)\n", run.Stdout);
    }

    [Fact]
    public async Task A_commit_that_only_some_run_exits_1()
    {
        _api.Respond(Active, 200, OldFleet);

        var run = await CliRun.RunAsync("worker", "verify", "--commit", "abcdef01", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["✗ not converged: 1 of 2 active workers run commit abcdef01", "✗ worker-01 runs v1.2.0 (0123456)"], run.StdoutLines);
    }

    [Fact]
    public async Task No_active_worker_is_not_converged()
    {
        _api.Respond(Active, 200, CannedWorkers.EmptyList);

        var run = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ not converged: no active workers\n", run.Stdout);
    }

    [Fact]
    public async Task Json_lists_matching_and_other_workers()
    {
        _api.Respond(Active, 200, OldFleet);

        var run = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--json", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $$"""{"converged":false,"expected":{"version":"v1.2.0"},"active":2,"matching":["worker-01"],"others":[{"node_id":"worker-02","version":"v1.1.0","commit_sha":"{{CannedFleet.ShaB}}"}]}""" + "\n",
            run.Stdout);
    }

    [Fact]
    public async Task Json_of_a_converged_commit()
    {
        _api.Respond(Active, 200, NewFleet);

        var run = await CliRun.RunAsync("worker", "verify", "--commit", "0123456789", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"converged":true,"expected":{"commit_sha":"0123456789"},"active":2,"matching":["worker-01","worker-02"],"others":[]}""" + "\n", run.Stdout);
    }

    [Fact]
    public async Task Wait_polls_until_the_fleet_converges()
    {
        _api.RespondInTurn(Active, (200, OldFleet), (200, OldFleet), (200, NewFleet));

        var run = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--wait", "1m", "--interval", "50ms", "--admin-url", _api.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("✓ every active worker runs v1.2.0 (2 of 2)\n", run.Stdout);
        Assert.Equal(3, _api.CountRequests(Active));
        Assert.Equal("… 1 of 2 active workers run v1.2.0; waiting up to 1m\n", run.Stderr);
    }

    [Fact]
    public async Task Wait_gives_up_after_the_time_with_the_workers_still_behind()
    {
        _api.Respond(Active, 200, OldFleet);

        var run = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--wait", "300ms", "--interval", "50ms", "--json", "--admin-url", _api.Url);
        var text = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--wait", "200ms", "--interval", "100ms", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("""{"converged":false,""", run.Stdout, StringComparison.Ordinal);
        Assert.True(_api.CountRequests(Active) >= 3, $"{_api.CountRequests(Active)} polls: a first check, then more until the wait ran out");
        Assert.Equal(1, text.ExitCode);
        Assert.Equal(["✗ not converged after 200ms: 1 of 2 active workers run v1.2.0", "✗ worker-02 runs v1.1.0 (abcdef0)"], text.StdoutLines);
    }

    [Fact]
    public async Task Wait_rides_out_an_unavailable_controller()
    {
        _api.RespondInTurn(Active, (503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "down")), (200, NewFleet));

        var run = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--wait", "1m", "--interval", "50ms", "--admin-url", _api.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, _api.CountRequests(Active));
    }

    [Fact]
    public async Task Without_wait_an_api_error_exits_1_at_once()
    {
        _api.RespondInTurn(Active, (503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "down")), (200, NewFleet));

        var run = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ down (METADATA_DB_UNAVAILABLE)\n", run.Stderr);
        Assert.Equal(1, _api.CountRequests(Active));
    }

    [Fact]
    public async Task A_client_error_while_waiting_is_not_retried()
    {
        _api.Respond(Active, 401, CannedWorkers.Error("UNAUTHORIZED", "bad token"));

        var run = await CliRun.RunAsync("worker", "verify", "--version", "v1.2.0", "--wait", "1m", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ bad token (UNAUTHORIZED)\n", run.Stderr);
        Assert.Equal(1, _api.CountRequests(Active));
    }

    [Theory]
    [InlineData("give exactly one of --version or --commit")]
    [InlineData("give exactly one of --version or --commit", "--version", "v1", "--commit", "0123456")]
    [InlineData("invalid --commit 'abc12': expected a commit SHA or a prefix of it, 7 to 40 hex digits", "--commit", "abc12")]
    [InlineData("invalid --commit 'xyz1234': expected a commit SHA or a prefix of it, 7 to 40 hex digits", "--commit", "xyz1234")]
    [InlineData("invalid --wait 'forever': expected a duration such as 500ms, 30s, 5m, 1h or plain seconds", "--version", "v1", "--wait", "forever")]
    [InlineData("invalid --interval '0s': must be greater than zero", "--version", "v1", "--wait", "5m", "--interval", "0s")]
    [InlineData("invalid --version '': must not be empty", "--version", "")]
    public async Task Bad_options_are_usage_errors_and_send_nothing(string message, params string[] options)
    {
        var run = await CliRun.RunAsync(["worker", "verify", .. options, "--admin-url", _api.Url]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("✗ " + message, run.StderrLines[0]);
        Assert.Empty(_api.Requests);
    }
}
