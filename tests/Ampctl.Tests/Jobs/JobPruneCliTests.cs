using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

public sealed class JobPruneCliTests : IAsyncLifetime
{
    private FakeJobsApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeJobsApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static Dictionary<string, string> Deleted(string n) => new() { ["X-Deleted-Count"] = n };

    [Fact]
    public async Task Prune_without_status_sends_terminal_explicitly_and_reports_the_count()
    {
        _api.Respond("DELETE", "/jobs?status=terminal", 204, headers: Deleted("3"));

        var run = await CliRun.RunAsync("jobs", "prune", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("✓ Pruned 3 terminal jobs\n", run.Stdout);
        var request = Assert.Single(_api.Requests);
        Assert.Equal(("DELETE", "/jobs?status=terminal"), (request.Method, request.PathAndQuery));
    }

    [Theory]
    [InlineData("error", "1", "✓ Pruned 1 job with status \"error\"\n")]
    [InlineData("FATAL", "0", "✓ Pruned 0 jobs with status \"fatal\"\n")]
    [InlineData("terminal", "1", "✓ Pruned 1 terminal job\n")]
    public async Task Prune_with_a_status_names_it(string status, string count, string expected)
    {
        _api.Respond("DELETE", "/jobs?status=" + status.ToLowerInvariant(), 204, headers: Deleted(count));

        var run = await CliRun.RunAsync("job", "prune", "-s", status, "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, run.Stdout);
    }

    [Fact]
    public async Task Prune_json_has_the_filter_and_the_count()
    {
        _api.Respond("DELETE", "/jobs?status=stopped", 204, headers: Deleted("12"));

        var run = await CliRun.RunAsync("job", "prune", "--status", "stopped", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"status_filter":"stopped","deleted":12}""" + "\n", run.Stdout);
    }

    [Fact]
    public async Task A_server_that_sends_no_count_gets_amps_wording()
    {
        _api.Respond("DELETE", "/jobs?status=terminal", 204);

        var human = await CliRun.RunAsync("job", "prune", "--admin-url", _api.Url);
        var json = await CliRun.RunAsync("job", "prune", "--json", "--admin-url", _api.Url);

        Assert.Equal("✓ Terminal jobs pruned\n", human.Stdout);
        Assert.Equal("""{"status_filter":"terminal","deleted":null}""" + "\n", json.Stdout);
    }

    [Fact]
    public async Task A_count_that_is_not_a_number_breaks_the_contract()
    {
        _api.Respond("DELETE", "/jobs?status=terminal", 204, headers: Deleted("many"));

        var run = await CliRun.RunAsync("job", "prune", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ the Admin API answered DELETE /jobs?status=terminal with X-Deleted-Count 'many', not a count (INVALID_RESPONSE)\n", run.Stderr);
    }

    [Fact]
    public async Task An_unknown_status_is_a_usage_error_and_sends_nothing()
    {
        var run = await CliRun.RunAsync("job", "prune", "--status", "running", "--admin-url", _api.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("✗ invalid --status 'running': expected terminal, completed, stopped, error, fatal", run.StderrLines[0]);
        Assert.Empty(_api.Requests);
    }
}
