using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed class WorkerSummaryCliTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeAdminApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Summary_prints_counts_versions_oldest_commit_and_refused_starts()
    {
        _api.Respond("/fleet", 200, CannedHistory.Fleet);

        var run = await CliRun.RunAsync("worker", "summary", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(
            [
                "Workers: 3 (2 active, 0 stalled, 1 inactive; 1 draining; 2 retired)",
                "Versions:",
                "  v1.2.0 (0123456789ab): 2 workers, 2 active",
                "  v1.1.0 (abcdef012345): 1 worker, 0 active",
                "Oldest running commit: 2026-11-20T10:00:00Z",
                "Refused duplicate starts (24h): 4",
            ],
            run.StdoutLines);
        Assert.Equal("/fleet", Assert.Single(_api.Requests).PathAndQuery);
    }

    [Fact]
    public async Task An_empty_fleet()
    {
        _api.Respond("/fleet", 200, CannedHistory.EmptyFleet);

        var run = await CliRun.RunAsync("worker", "summary", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [
                "Workers: 0 (0 active, 0 stalled, 0 inactive; 0 draining; 0 retired)",
                "Versions: none",
                "Oldest running commit: -",
                "Refused duplicate starts (24h): 0",
            ],
            run.StdoutLines);
    }

    [Fact]
    public async Task Json_is_the_api_body_on_one_line()
    {
        _api.Respond("/fleet", 200, CannedHistory.Fleet);

        var run = await CliRun.RunAsync("workers", "summary", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Ampctl.Output.CompactJson.Compact(CannedHistory.Fleet) + "\n", run.Stdout);
    }

    [Fact]
    public async Task Api_error_exits_1()
    {
        _api.Respond("/fleet", 503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "down"));

        var run = await CliRun.RunAsync("worker", "summary", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ down (METADATA_DB_UNAVAILABLE)\n", run.Stderr);
    }
}
