using System.Net;
using System.Net.Sockets;

namespace Ampctl.Tests.InProcess;

public sealed class ConnectionErrorTests
{
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Theory]
    [InlineData("list")]
    [InlineData("inspect", "worker-01")]
    [InlineData("health")]
    [InlineData("versions")]
    [InlineData("verify", "--version", "v1")]
    [InlineData("export")]
    [InlineData("history", "worker-01")]
    [InlineData("summary")]
    [InlineData("drain", "worker-01")]
    [InlineData("undrain", "worker-01")]
    [InlineData("retire", "worker-01")]
    [InlineData("safe-to-stop", "worker-01")]
    public async Task Unreachable_api_exits_1_with_one_line_naming_the_url(params string[] command)
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var run = await CliRun.RunAsync(["worker", .. command, "--json", "--admin-url", url]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith($"✗ cannot reach the Admin API at {url}: ", line, StringComparison.Ordinal);
        Assert.Contains("ampd controller", line, StringComparison.Ordinal);
        Assert.Contains("AMP_ADMIN_URL", line, StringComparison.Ordinal);
        Assert.EndsWith("(CONTROLLER_UNREACHABLE)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
