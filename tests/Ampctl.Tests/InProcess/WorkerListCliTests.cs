using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed class WorkerListCliTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeAdminApi.StartAsync();
        _api.Respond("/workers", 200, CannedWorkers.List);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task List_prints_a_table_of_workers_from_the_api()
    {
        var run = await CliRun.RunAsync("worker", "list", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(
            [
                "NODE ID     STATUS     VERSION             LAST HEARTBEAT                     UPTIME   JOBS",
                "worker-01   active     v0.1.0-3-gabcdef0   2026-11-29T18:25:01Z (0.4s ago)    4m 46s   2",
                "worker-02   inactive   unknown             2026-11-29T17:20:00Z (1h 2m ago)   -        0",
            ],
            run.StdoutLines);
    }

    [Fact]
    public async Task List_json_prints_the_api_body_on_one_line_with_unknown_fields()
    {
        var run = await CliRun.RunAsync("worker", "ls", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Ampctl.Output.CompactJson.Compact(CannedWorkers.List) + "\n", run.Stdout);
        Assert.StartsWith("""{"workers":[""" + CannedWorkers.Worker01Compact + ",", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("""],"total":2}""" + "\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"draining_since\":null", run.Stdout, StringComparison.Ordinal);
        Assert.Single(run.StdoutLines);
    }

    [Fact]
    public async Task Filters_are_passed_to_the_api_and_the_url_and_token_come_from_the_environment()
    {
        _api.Respond("/workers?status=stalled&version=v1.2%2Bmeta", 200, CannedWorkers.EmptyList);
        var env = new Dictionary<string, string> { ["AMP_ADMIN_URL"] = _api.Url, ["AMP_AUTH_TOKEN"] = "s3cret" };

        var run = await CliRun.RunAsync(["workers", "list", "--status", "STALLED", "--version", "v1.2+meta"], env);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("No workers found\n", run.Stdout);
        var request = Assert.Single(_api.Requests);
        Assert.Equal("/workers?status=stalled&version=v1.2%2Bmeta", request.PathAndQuery);
        Assert.Equal("Bearer s3cret", request.Authorization);
    }

    [Fact]
    public async Task Flags_override_the_environment_and_no_token_means_no_authorization_header()
    {
        var env = new Dictionary<string, string> { ["AMP_ADMIN_URL"] = "http://127.0.0.1:1" };

        var run = await CliRun.RunAsync(["worker", "list", "--admin-url", _api.Url + "/"], env);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", Assert.Single(_api.Requests).Authorization);
    }

    [Fact]
    public async Task Include_retired_is_passed_to_the_api_and_draining_and_retired_show_in_the_status()
    {
        _api.Respond("/workers?include_retired=true", 200, CannedFleet.List(
            CannedFleet.Worker("worker-01", drainingSince: "2026-11-29T18:24:00Z", runningJobs: 4),
            CannedFleet.Worker("worker-02", status: "inactive", ageMs: 3_723_000, retiredAt: "2026-11-29T18:00:00Z")));

        var run = await CliRun.RunAsync("worker", "list", "--include-retired", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("/workers?include_retired=true", Assert.Single(_api.Requests).PathAndQuery);
        Assert.Equal(
            [
                "NODE ID     STATUS               VERSION   LAST HEARTBEAT                     UPTIME   JOBS",
                "worker-01   active (draining)    v1.2.0    2026-11-29T18:25:01Z (0.4s ago)    4m 46s   4",
                "worker-02   inactive (retired)   v1.2.0    2026-11-29T18:25:01Z (1h 2m ago)   -        0",
            ],
            run.StdoutLines);
    }

    [Fact]
    public async Task Invalid_status_is_a_usage_error_and_sends_nothing()
    {
        var run = await CliRun.RunAsync("worker", "list", "--status", "dead", "--admin-url", _api.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("✗ invalid --status 'dead': expected active, stalled or inactive", run.StderrLines[0]);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Api_error_exits_1_with_message_and_code_on_one_line()
    {
        _api.Respond("/workers", 503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "the metadata database is unavailable: connection refused"));

        var run = await CliRun.RunAsync("worker", "list", "--json", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ the metadata database is unavailable: connection refused (METADATA_DB_UNAVAILABLE)\n", run.Stderr);
    }

    [Fact]
    public async Task A_url_that_is_not_the_admin_api_is_reported_without_a_stack_trace()
    {
        _api.Respond("/workers", 200, "<html>hello</html>");

        var run = await CliRun.RunAsync("worker", "list", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("✗ the Admin API answered GET /workers with a body that does not match the contract", line, StringComparison.Ordinal);
        Assert.EndsWith("(INVALID_RESPONSE)", line, StringComparison.Ordinal);
    }
}
