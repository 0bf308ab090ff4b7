using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Solo;

/// <summary>
/// The "done when": <c>ampd solo</c> on a fresh amp dir (managed PostgreSQL, Admin API on a free port)
/// lists its embedded worker <c>worker</c> as active within seconds; given a config file, it logs which one it loaded.
/// </summary>
public sealed class SoloModeTests
{
    [Fact]
    public async Task Solo_mode_lists_its_embedded_worker_active_and_serves_it_by_id()
    {
        // Short path: the managed server's Unix socket lives in <amp-dir>/metadb.
        var ampDir = Path.Combine("/tmp", $"amp-e2e-solo-{Guid.NewGuid():N}"[..25]);
        var port = Ports.Free();
        var url = $"http://127.0.0.1:{port}";
        var solo = AmpProcess.Start(Binaries.Ampd, ["solo", "--amp-dir", ampDir],
            new Dictionary<string, string?>(Ports.QueryServers()) { ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{port}" });
        try
        {
            var started = Stopwatch.StartNew();
            var listed = await Eventually.ValueAsync(
                async () => solo.HasExited
                    ? throw new InvalidOperationException($"ampd solo exited with code {solo.ExitCode}\n{solo.Output}")
                    : await AmpFleet.RunAmpctlAsync(["worker", "list", "--admin-url", url]),
                run => run.ExitCode == 0 && run.StdoutLines.Any(l => l.StartsWith("worker ", StringComparison.Ordinal) && l.Contains(" active ", StringComparison.Ordinal)),
                "ampctl worker list to show worker active", TimeSpan.FromSeconds(90));
            var took = started.Elapsed;

            var row = Assert.Single(TextOutput.Table(listed.Stdout));
            Assert.Equal("worker", row["NODE ID"]);
            Assert.Equal("active", row["STATUS"]);

            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(url + "/workers/worker"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var worker = JsonDocument.Parse(body).RootElement;
            WorkerJson.AssertShape(worker);
            Assert.Equal("worker", worker.Str("node_id"));
            Assert.Equal("active", worker.Str("status"));

            var inspect = await AmpFleet.RunAmpctlAsync(["worker", "inspect", "worker", "--admin-url", url]);
            Assert.True(inspect.ExitCode == 0, inspect.ToString());
            var labels = TextOutput.Labels(inspect.Stdout);
            Assert.Equal("worker", labels["Node ID"]);
            Assert.Equal("active", labels["Status"]);

            // Graceful stop takes the managed PostgreSQL down with it.
            solo.Signal(Signals.SIGTERM);
            var exit = await solo.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, solo.Output);
            Assert.False(File.Exists(Path.Combine(ampDir, "metadb", "postmaster.pid")), "the managed PostgreSQL is still running after solo exited");
            Assert.True(took < TimeSpan.FromSeconds(60), $"worker was listed active only after {took}");
        }
        finally
        {
            await solo.DisposeAsync();
            SoloRun.CleanUp(ampDir);
        }
    }

    [Fact]
    public async Task Solo_logs_the_config_file_it_was_given_and_its_amp_dir()
    {
        var ampDir = SoloRun.NewAmpDir();
        var config = Path.Combine(Path.GetTempPath(), $"amp-e2e-solo-config-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(config, "[workers]\nheartbeat_interval_secs = 1\n");
        try
        {
            await using var solo = SoloRun.Start(ampDir, flags: ["--config", config]);

            await solo.Process.WaitForOutputAsync($"Solo mode: config file {config}; amp dir {ampDir}", TimeSpan.FromSeconds(60));
            await solo.WaitListeningAsync();
        }
        finally
        {
            SoloRun.CleanUp(ampDir);
            File.Delete(config);
        }
    }
}
