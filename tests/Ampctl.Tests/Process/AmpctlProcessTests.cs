using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.Process;

/// <summary>The real ampctl executable, as a child process with redirected output.</summary>
public sealed class AmpctlProcessTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeAdminApi.StartAsync();
        _api.Respond("/workers", 200, CannedWorkers.List)
            .Respond("/workers/w9", 404, CannedWorkers.Error("WORKER_NOT_FOUND", "no worker 'w9'"));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<CliRun> RunAmpctlAsync(params string[] args)
    {
        var psi = AmpctlProcess.StartInfo(_api.Url, args);

        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Real_binary_prints_plain_table_when_redirected()
    {
        var run = await RunAmpctlAsync("workers", "ls");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stdout);
        Assert.Equal(3, run.StdoutLines.Length);
        Assert.StartsWith("NODE ID ", run.StdoutLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_binary_json_is_one_line()
    {
        var run = await RunAmpctlAsync("worker", "list", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Ampctl.Output.CompactJson.Compact(CannedWorkers.List) + "\n", run.Stdout);
    }

    [Fact]
    public async Task Real_binary_exit_codes_for_not_found_and_usage_errors()
    {
        var notFound = await RunAmpctlAsync("worker", "inspect", "w9");
        var badId = await RunAmpctlAsync("worker", "inspect", "1abc");

        Assert.Equal(1, notFound.ExitCode);
        Assert.Equal("✗ worker not found: w9\n", notFound.Stderr);
        Assert.Equal(2, badId.ExitCode);
        Assert.StartsWith("✗ Invalid worker ID '1abc'", badId.Stderr, StringComparison.Ordinal);
        Assert.Single(_api.Requests);
    }
}
