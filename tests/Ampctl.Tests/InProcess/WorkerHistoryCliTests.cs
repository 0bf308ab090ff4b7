using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed class WorkerHistoryCliTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeAdminApi.StartAsync();
        _api.Respond("/workers/worker-01/incarnations", 200, CannedHistory.Incarnations)
            .Respond("/workers/worker-09/incarnations", 200, CannedHistory.NoHistory)
            .Respond("/workers/w9/incarnations", 404, CannedWorkers.Error("WORKER_NOT_FOUND", "no worker 'w9' is registered"));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task History_lists_incarnations_newest_first_then_refused_starts()
    {
        var run = await CliRun.RunAsync("worker", "history", "worker-01", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(
            """
            EPOCH   HOST                    PID    VERSION   STARTED                ENDED                  REASON            DURATION
            3       h1                      1234   v1.2.0    2026-11-29T18:20:15Z   -                      -                 running
            2       h1                      1200   v1.1.0    2026-11-29T17:00:00Z   2026-11-29T18:10:00Z   crashed           1h 10m
            1       host-with-a-long-name   77     v1.0.0    2026-11-28T09:00:00Z   2026-11-28T09:00:46Z   connection_lost   46s

            Refused duplicate starts:
            REFUSED AT             HOST   PID   VERSION
            2026-11-29T18:21:00Z   h2     99    v1.2.0

            """.ReplaceLineEndings("\n"),
            run.Stdout);
    }

    [Fact]
    public async Task A_node_without_history_says_so()
    {
        var run = await CliRun.RunAsync("worker", "history", "worker-09", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("No incarnations recorded\n\nNo refused duplicate starts\n", run.Stdout);
    }

    [Fact]
    public async Task Json_is_the_api_body_on_one_line()
    {
        var run = await CliRun.RunAsync("worker", "history", "worker-01", "--json", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Ampctl.Output.CompactJson.Compact(CannedHistory.Incarnations) + "\n", run.Stdout);
    }

    [Fact]
    public async Task Unknown_worker_exits_1_with_worker_not_found()
    {
        var run = await CliRun.RunAsync("worker", "history", "w9", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("✗ worker not found: w9\n", run.Stderr);
    }

    [Fact]
    public async Task Invalid_id_is_a_usage_error_and_sends_nothing()
    {
        var run = await CliRun.RunAsync("worker", "history", "9lives", "--admin-url", _api.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("✗ Invalid worker ID '9lives': must start with an ASCII letter", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }
}
