using System.Text.RegularExpressions;
using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed partial class WorkerWatchCliTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    private static readonly string Fleet = CannedFleet.List(
        CannedFleet.Worker("worker-01", drainingSince: "2026-11-29T18:24:00Z", drainAcknowledgedAt: "2026-11-29T18:24:01Z", runningJobs: 1),
        CannedFleet.Worker("worker-02", status: "inactive", ageMs: 41_000));

    public async Task InitializeAsync()
    {
        _api = await FakeAdminApi.StartAsync();
        _api.Respond("/workers", 200, Fleet);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  ")]
    private static partial Regex Stamp();

    private static string[][] Snapshots(string stdout) =>
        stdout.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    [Fact]
    public async Task Redirected_output_gets_one_plain_snapshot_per_poll_and_count_stops_it()
    {
        var run = await CliRun.RunAsync("worker", "watch", "--interval", "50ms", "--count", "2", "--admin-url", _api.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stdout);
        Assert.Equal(2, _api.CountRequests("/workers"));
        var snapshots = Snapshots(run.Stdout);
        Assert.Equal(2, snapshots.Length);
        foreach (var lines in snapshots)
        {
            Assert.Matches(Stamp(), lines[0]);
            Assert.EndsWith("  2 workers (1 active, 0 stalled, 1 inactive; 1 draining)", lines[0], StringComparison.Ordinal);
            Assert.Equal(
                [
                    "NODE ID     STATUS     VERSION   LAST HEARTBEAT                     UPTIME   JOBS   DRAINING",
                    "worker-01   active     v1.2.0    2026-11-29T18:25:01Z (0.4s ago)    4m 46s   1      acknowledged",
                    "worker-02   inactive   v1.2.0    2026-11-29T18:25:01Z (41.0s ago)   -        0      -",
                ],
                lines[1..]);
        }
    }

    [Fact]
    public async Task Cancellation_ends_a_redirected_watch_with_exit_0()
    {
        using var cts = new CancellationTokenSource();
        var watching = CliRun.RunAsync(["worker", "watch", "--interval", "50ms", "--admin-url", _api.Url], ct: cts.Token);

        await Eventually.TrueAsync(() => _api.CountRequests("/workers") >= 3, "three polls");
        await cts.CancelAsync();
        var run = await watching;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.True(Snapshots(run.Stdout).Length >= 2, run.Stdout);
    }

    [Fact]
    public async Task An_api_error_is_a_snapshot_and_watching_goes_on()
    {
        _api.RespondInTurn("/workers", (503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "the metadata database is unavailable")), (200, Fleet));

        var run = await CliRun.RunAsync("worker", "watch", "--interval", "50ms", "--count", "2", "--admin-url", _api.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        var snapshots = Snapshots(run.Stdout);
        Assert.Equal(2, snapshots.Length);
        Assert.Matches(Stamp(), snapshots[0][0]);
        Assert.EndsWith("  ✗ the metadata database is unavailable (METADATA_DB_UNAVAILABLE)", Assert.Single(snapshots[0]), StringComparison.Ordinal);
        Assert.StartsWith("NODE ID ", snapshots[1][1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_count_that_ends_on_a_failed_poll_exits_1()
    {
        _api.Respond("/workers", 503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "down"));

        var run = await CliRun.RunAsync("worker", "watch", "--count", "1", "--admin-url", _api.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("  ✗ down (METADATA_DB_UNAVAILABLE)\n\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_prints_each_api_answer_on_its_own_line()
    {
        var run = await CliRun.RunAsync("worker", "watch", "--json", "--interval", "50ms", "-n", "3", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.StdoutLines.Length);
        Assert.All(run.StdoutLines, line => Assert.Equal(Ampctl.Output.CompactJson.Compact(Fleet), line));
    }

    [Fact]
    public async Task Json_errors_go_to_stderr_so_stdout_stays_one_body_per_line()
    {
        _api.RespondInTurn("/workers", (503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "down")), (200, Fleet));

        var run = await CliRun.RunAsync("worker", "watch", "--json", "--interval", "50ms", "--count", "2", "--admin-url", _api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("✗ down (METADATA_DB_UNAVAILABLE)\n", run.Stderr);
        Assert.Equal(Ampctl.Output.CompactJson.Compact(Fleet), Assert.Single(run.StdoutLines));
    }

    [Fact]
    public async Task A_terminal_gets_a_live_view_redrawn_in_place_with_a_header()
    {
        var run = await CliRun.RunAsync(["worker", "watch", "--interval", "50ms", "--count", "2", "--admin-url", _api.Url], stdoutIsTerminal: true);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.Contains("\u001b[", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("refreshed ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("every 50ms", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("DRAINING", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("worker-02", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("acknowledged", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_terminal_view_shows_an_api_error_and_keeps_the_last_table()
    {
        _api.RespondInTurn("/workers", (200, Fleet), (503, CannedWorkers.Error("METADATA_DB_UNAVAILABLE", "down")));
        var env = new Dictionary<string, string> { ["NO_COLOR"] = "1" };

        var run = await CliRun.RunAsync(["worker", "watch", "--interval", "50ms", "--count", "2", "--admin-url", _api.Url], env, stdoutIsTerminal: true);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("✗ down (METADATA_DB_UNAVAILABLE) (at ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("showing the last answer", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[32m", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_ends_a_terminal_watch_with_exit_0()
    {
        using var cts = new CancellationTokenSource();
        var watching = CliRun.RunAsync(["worker", "watch", "--interval", "50ms", "--admin-url", _api.Url], stdoutIsTerminal: true, ct: cts.Token);

        await Eventually.TrueAsync(() => _api.CountRequests("/workers") >= 2, "two polls");
        await cts.CancelAsync();
        var run = await watching;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("worker-01", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_api_is_shown_not_fatal()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();

        var run = await CliRun.RunAsync("worker", "watch", "--interval", "50ms", "--count", "2", "--admin-url", url);

        Assert.Equal(1, run.ExitCode);
        var snapshots = Snapshots(run.Stdout);
        Assert.Equal(2, snapshots.Length);
        Assert.All(snapshots, s => Assert.Contains($"✗ cannot reach the Admin API at {url}", Assert.Single(s), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("invalid --interval '0': must be greater than zero", "--interval", "0")]
    [InlineData("invalid --interval '2 s': expected a duration such as 500ms, 30s, 5m, 1h or plain seconds", "--interval", "2 s")]
    [InlineData("invalid --count '0': expected a whole number of at least 1", "--count", "0")]
    [InlineData("invalid --count 'x': expected a whole number of at least 1", "--count", "x")]
    public async Task Bad_options_are_usage_errors_and_send_nothing(string message, params string[] options)
    {
        var run = await CliRun.RunAsync(["worker", "watch", .. options, "--admin-url", _api.Url]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("✗ " + message, run.StderrLines[0]);
        Assert.Empty(_api.Requests);
    }
}
