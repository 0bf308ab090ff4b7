namespace Ampd.Tests;

/// <summary>
/// The config file an operator names reaches the worker end to end: <c>ampd --config FILE worker …</c> (the global
/// option before the command, as in Amp) and <c>AMP_CONFIG=FILE</c> both run a worker whose database URL and metrics
/// address come from that file alone (no <c>AMP_CONFIG_*</c> variable is set).
/// </summary>
public sealed class ConfigFileTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-config-file-").FullName;

    private (string Path, int MetricsPort) WriteConfig()
    {
        var port = Ports.Free();
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, $"worker_metrics_addr = \"127.0.0.1:{port}\"\n\n[metadata_db]\nurl = \"{db.Url}\"\n");
        return (path, port);
    }

    private async Task AssertRunsWithTheFilesSettingsAsync(AmpProcess worker, string nodeId, int metricsPort)
    {
        await WorkerProcess.WaitRegisteredAsync(worker);
        await worker.WaitForOutputAsync($"Worker metrics listening on http://127.0.0.1:{metricsPort}/metrics", TimeSpan.FromSeconds(30));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM workers WHERE node_id = $1", nodeId));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
        Assert.Contains("process_cpu_seconds_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_config_option_before_worker_runs_it_with_the_files_database_and_metrics_address()
    {
        var (config, port) = WriteConfig();

        await using var worker = AmpProcess.Start(Binaries.Ampd, ["--config", config, "worker", "--node-id", "cfg-global"]);

        await AssertRunsWithTheFilesSettingsAsync(worker, "cfg-global", port);
    }

    [Fact]
    public async Task AMP_CONFIG_names_the_config_file_the_worker_reads()
    {
        var (config, port) = WriteConfig();

        await using var worker = AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", "cfg-env"], new Dictionary<string, string?> { ["AMP_CONFIG"] = config });

        await AssertRunsWithTheFilesSettingsAsync(worker, "cfg-env", port);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS temp cleaner
        }
    }
}
