using System.Text.Json;
using System.Text.RegularExpressions;

namespace Amp.Jobs.Tests;

/// <summary>The issue's acceptance scenario: a solo fleet with two extra workers survives kill -9 of a job's worker.</summary>
public partial class SoloFailoverTests
{
    [Fact]
    public async Task On_solo_with_two_extra_workers_a_killed_workers_job_runs_elsewhere_within_10_seconds()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"amp-solo-jobs-{Guid.NewGuid():N}"[..30]);
        var port = Ports.Free();
        var admin = $"http://127.0.0.1:{port}";
        await using var solo = AmpProcess.Start(Binaries.Ampd, ["solo", "--amp-dir", dir],
            new Dictionary<string, string?>(Ports.QueryServers()) { ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{port}" });
        try
        {
            await solo.WaitForOutputAsync("Admin API listening", TimeSpan.FromSeconds(60));
            var url = DatabaseUrl().Match(solo.Stdout).Groups[1].Value.Trim();
            var env = new Dictionary<string, string?> { ["AMP_CONFIG_METADATA_DB__URL"] = url };
            await using var w1 = AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", "worker-01"], env);
            await using var w2 = AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", "worker-02"], env);
            await w1.WaitForOutputAsync("registered: epoch", TimeSpan.FromSeconds(30));
            await w2.WaitForOutputAsync("registered: epoch", TimeSpan.FromSeconds(30));

            var run = await AmpProcess.RunAsync(Binaries.Ampctl, ["job", "run", "sleep", "--seconds", "60", "--worker-id", "worker-01", "--json", "--admin-url", admin]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var id = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("job_id").GetInt64();
            await Eventually.UntilAsync(async () => (await JobAsync(admin, id)) is ("RUNNING", "worker-01"), "the job to run on worker-01");

            var sw = System.Diagnostics.Stopwatch.StartNew();
            w1.Kill9();
            var (status, node) = await Eventually.ValueAsync(() => JobAsync(admin, id), j => j.Status == "RUNNING" && j.Node != "worker-01",
                "the job to run on another worker", TimeSpan.FromSeconds(10));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
            Assert.Contains(node, new[] { "worker", "worker-02" });

            var inspect = await AmpProcess.RunAsync(Binaries.Ampctl, ["job", "inspect", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--admin-url", admin]);
            Assert.Contains("RUNNING", inspect.Stdout);
            Assert.Contains(node, inspect.Stdout);
        }
        finally
        {
            solo.Signal(Signals.SIGTERM);
            await solo.WaitForExitAsync(TimeSpan.FromSeconds(30));
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(string Status, string Node)> JobAsync(string admin, long id)
    {
        using var http = new HttpClient();
        var job = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{admin}/jobs/{id}"))).RootElement;
        return (job.GetProperty("status").GetString()!, job.GetProperty("node_id").GetString()!);
    }

    [GeneratedRegex(@"URL for other processes: (\S+)")]
    private static partial Regex DatabaseUrl();
}
