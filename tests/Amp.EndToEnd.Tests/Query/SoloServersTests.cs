using System.Net;
using System.Net.Sockets;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Query;

/// <summary>What <c>ampd solo</c> serves: Amp's flags choose the servers; a query port in use stops it like the Admin API's.</summary>
public sealed class SoloServersTests
{
    [Fact]
    public async Task A_json_lines_port_in_use_is_one_error_line_and_exit_1_before_anything_starts()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var ampDir = SoloRun.NewAmpDir();
        try
        {
            await using var solo = SoloRun.Start(ampDir, new Dictionary<string, string?> { ["AMP_CONFIG_JSONL_ADDR"] = $"127.0.0.1:{port}" });
            var exit = await solo.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(exit == 1, solo.Process.Output);
            var line = Assert.Single(solo.Process.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"error: cannot serve JSON Lines queries on 127.0.0.1:{port}: ", line, StringComparison.Ordinal);
            Assert.Contains("jsonl_addr / AMP_CONFIG_JSONL_ADDR", line, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(ampDir, "metadb")), "solo started PostgreSQL before checking its ports");
        }
        finally
        {
            SoloRun.CleanUp(ampDir);
        }
    }

    [Fact]
    public async Task With_only_jsonl_server_solo_answers_queries_and_serves_neither_the_admin_api_nor_flight()
    {
        var ampDir = SoloRun.NewAmpDir();
        try
        {
            await using var solo = SoloRun.Start(ampDir, flags: ["--jsonl-server"]);
            await solo.Process.WaitForOutputAsync("JSON Lines queries listening", TimeSpan.FromSeconds(90));
            await solo.Process.WaitForOutputAsync("Admin API not served", TimeSpan.FromSeconds(30));

            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(solo.JsonlUrl + "/health"))).StatusCode);
            using var answer = await http.PostAsync(new Uri(solo.JsonlUrl + "/"), new StringContent("select 40 + 2 as n"));
            Assert.Equal("{\"n\":42}", (await answer.Content.ReadAsStringAsync()).Trim());
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(solo.AdminUrl + "/workers")));
            using var flight = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => flight.ConnectAsync(new Uri(solo.FlightUrl).Host, new Uri(solo.FlightUrl).Port));
            Assert.DoesNotContain("Arrow Flight queries listening", solo.Process.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            SoloRun.CleanUp(ampDir);
        }
    }
}
