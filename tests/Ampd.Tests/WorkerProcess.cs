namespace Ampd.Tests;

/// <summary>Starts real <c>ampd worker</c> processes against a test database.</summary>
internal static class WorkerProcess
{
    public static AmpProcess Start(string url, string nodeId, IReadOnlyDictionary<string, string?>? extraEnv = null)
    {
        var env = new Dictionary<string, string?> { ["AMP_CONFIG_METADATA_DB__URL"] = url };
        if (extraEnv is not null)
            foreach (var (k, v) in extraEnv)
                env[k] = v;
        return AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", nodeId], env);
    }

    public static Task WaitRegisteredAsync(AmpProcess worker, long epoch = 1) =>
        worker.WaitForOutputAsync($"registered: epoch {epoch},", TimeSpan.FromSeconds(30));
}
