using System.Text;
using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.Process;

/// <summary><c>ampctl worker watch</c> as a real process: snapshots on a pipe, and a signal ends it with exit 0.</summary>
public sealed class WatchProcessTests : IAsyncLifetime
{
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeAdminApi.StartAsync();
        _api.Respond("/workers", 200, CannedWorkers.List);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData(AmpctlProcess.SigInt)]
    [InlineData(AmpctlProcess.SigTerm)]
    public async Task Interrupting_a_piped_watch_exits_0_after_printing_snapshots(string signal)
    {
        using var process = System.Diagnostics.Process.Start(AmpctlProcess.StartInfo(_api.Url, ["worker", "watch", "--interval", "100ms"]))!;
        var stdout = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
                stdout.Append(e.Data).Append('\n');
        };
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();
        string Output()
        {
            lock (stdout)
                return stdout.ToString();
        }

        try
        {
            await Eventually.TrueAsync(() => Output().Split("\n\n").Length > 2, "two snapshots on stdout", TimeSpan.FromSeconds(60));
            await AmpctlProcess.SignalAsync(process, signal);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{Output()}\n{await stderr}");
        Assert.Equal("", await stderr);
        Assert.DoesNotContain('\u001b', Output());
        Assert.Contains("worker-01   active", Output(), StringComparison.Ordinal);
    }
}
