using System.Net;
using System.Net.Sockets;
using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.Jobs;

/// <summary>What every job command shares: ID validation before any request, the unreachable API, help.</summary>
public sealed class JobUsageAndConnectionTests : IAsyncLifetime
{
    private FakeJobsApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeJobsApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public static TheoryData<string> CommandsWithAJobId => new() { "inspect", "get", "stop", "rm", "remove", "progress", "events" };

    public static TheoryData<string[]> EveryCommand => new()
    {
        new[] { "list" },
        new[] { "inspect", "12" },
        new[] { "stop", "12" },
        new[] { "rm", "12" },
        new[] { "prune" },
        new[] { "progress", "12" },
        new[] { "events", "12" },
        new[] { "events", "12", "--event-id", "3" },
        new[] { "run", "sleep", "--seconds", "1" },
    };

    [Theory]
    [MemberData(nameof(CommandsWithAJobId))]
    public async Task An_invalid_job_id_exits_2_before_any_request(string command)
    {
        foreach (var (id, reason) in new[]
        {
            ("0", "must be a positive integer (1 or more)"),
            ("-4", "must be a positive integer (1 or more)"),
            ("abc", "must be a positive integer, e.g. 12"),
            ("1.5", "must be a positive integer, e.g. 12"),
            ("9223372036854775808", "must be at most 9223372036854775807"),
        })
        {
            var run = await CliRun.RunAsync("job", command, id, "--admin-url", _api.Url);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal("", run.Stdout);
            Assert.Equal($"✗ Invalid job ID '{id}': {reason}", run.StderrLines[0]);
        }
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task An_unreachable_api_exits_1_with_one_line(string[] command)
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var run = await CliRun.RunAsync(["job", .. command, "--json", "--admin-url", url]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith($"✗ cannot reach the Admin API at {url}: ", line, StringComparison.Ordinal);
        Assert.EndsWith("(CONTROLLER_UNREACHABLE)", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task Every_command_sends_the_auth_token(string[] command)
    {
        var run = await CliRun.RunAsync(["job", .. command, "--auth-token", "t0ken", "--admin-url", _api.Url]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("✗ no route (NOT_FOUND)\n", run.Stderr);
        Assert.NotEmpty(_api.Requests);
        Assert.All(_api.Requests, r => Assert.Equal("Bearer t0ken", r.Authorization));
    }

    [Fact]
    public async Task Help_lists_the_job_commands_and_the_jobs_alias()
    {
        var root = await CliRun.RunAsync("--help");
        var job = await CliRun.RunAsync("job", "--help");

        Assert.Equal(0, root.ExitCode);
        Assert.Contains("job, jobs", root.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, job.ExitCode);
        foreach (var name in new[] { "list, ls", "get, inspect", "stop", "remove, rm", "prune", "progress", "events", "run" })
            Assert.Contains(name, job.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("job")]
    [InlineData("job", "inspect")]
    [InlineData("job", "stop", "1", "2")]
    [InlineData("job", "run")]
    [InlineData("job", "list", "--status")]
    public async Task Incomplete_command_lines_exit_2(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--admin-url", _api.Url]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("✗ ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
