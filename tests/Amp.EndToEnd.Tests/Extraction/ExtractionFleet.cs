using System.Globalization;
using System.Text.Json;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Extraction;

/// <summary>
/// A controller and two workers sharing data, provider and manifest directories, with ampctl helpers. Every fleet of
/// this kind shares those directories; datasets are named after their network, so each test uses its own network.
/// </summary>
public class ExtractionFleet : AmpFleet
{
    private static readonly string Root = Directory.CreateTempSubdirectory("amp-e2e-extraction-").FullName;

    /// <summary><c>[writer] segment_flush_interval_secs = 1</c>: a running job commits a file about every second.</summary>
    public static readonly IReadOnlyDictionary<string, string?> OneSecondFlush = new Dictionary<string, string?>
    {
        ["AMP_CONFIG_WRITER__SEGMENT_FLUSH_INTERVAL_SECS"] = "1",
    };

    public ExtractionFleet()
        : this(["x1", "x2"], new Dictionary<string, string?>())
    {
    }

    /// <param name="nodeIds">The workers to start.</param>
    /// <param name="settings">Settings on top of the shared directories and a 0.2 s head poll.</param>
    protected ExtractionFleet(IReadOnlyList<string> nodeIds, IReadOnlyDictionary<string, string?> settings)
        : base(nodeIds, new Dictionary<string, string?>(settings)
        {
            ["AMP_CONFIG_DATA_DIR"] = Path.Combine(Root, "data"),
            ["AMP_CONFIG_PROVIDERS_DIR"] = Path.Combine(Root, "providers"),
            ["AMP_CONFIG_MANIFESTS_DIR"] = Path.Combine(Root, "manifests"),
            ["AMP_CONFIG_POLL_INTERVAL_SECS"] = "0.2",
        })
    {
    }

    public static string DataDir => Path.Combine(Root, "data");

    public static string ProvidersDir => Path.Combine(Root, "providers");

    /// <summary>Registers a provider for <paramref name="network"/> at <paramref name="url"/> and a dataset of that network; returns the dataset name.</summary>
    public async Task<string> RegisterAsync(string network, Uri url, string extraProviderToml = "")
    {
        var work = Directory.CreateTempSubdirectory("amp-e2e-extraction-files-").FullName;
        var toml = Path.Combine(work, "provider.toml");
        await File.WriteAllTextAsync(toml, $"kind = \"evm-rpc\"\nnetwork = \"{network}\"\nurl = \"{url}\"\n{extraProviderToml}");
        Check(await AmpctlAsync("provider", "register", network, toml));
        var generated = Check(await RunAmpctlAsync(["manifest", "generate", "--kind", "evm-rpc", "--network", network]));
        var manifest = Path.Combine(work, "m.json");
        await File.WriteAllTextAsync(manifest, generated.Stdout);
        var name = network + "_rpc";
        Check(await AmpctlAsync("dataset", "register", "_/" + name, manifest, "--tag", "1.0.0"));
        return name;
    }

    /// <summary>Deploys <c>_/name@1.0.0</c> and returns the job id.</summary>
    public async Task<long> DeployAsync(string name, params string[] flags)
    {
        var deploy = Check(await AmpctlAsync(["dataset", "deploy", $"_/{name}@1.0.0", .. flags]));
        return long.Parse(deploy.StdoutLines.Single(l => l.StartsWith("→ Job ID: ", StringComparison.Ordinal))["→ Job ID: ".Length..], CultureInfo.InvariantCulture);
    }

    public async Task<JsonElement> WaitForJobAsync(long id, Func<JsonElement, bool> done, string what, TimeSpan timeout) =>
        await Eventually.ValueAsync(async () => (await GetAsync($"/jobs/{id}")).Json, done, $"job {id} {what}", timeout);

    public static string StatusOf(JsonElement job) => job.GetProperty("status").GetString()!;

    public string TableGlob(string name, string table) => Path.Combine(DataDir, "_", name, table, "*", "*.parquet");

    /// <summary><c>GET /jobs/{id}/progress</c>, which must answer 200.</summary>
    public async Task<JsonElement> ProgressAsync(long id)
    {
        var response = await GetAsync($"/jobs/{id}/progress");
        return response.Status == System.Net.HttpStatusCode.OK ? response.Json : throw new InvalidOperationException($"GET /jobs/{id}/progress: {response}");
    }

    /// <summary>Stops a job with <c>ampctl job stop</c> and waits until it has stopped (a continuous job at the end of a test).</summary>
    public async Task StopJobAsync(long id)
    {
        Check(await AmpctlAsync("job", "stop", id.ToString(CultureInfo.InvariantCulture)));
        await WaitForJobAsync(id, j => StatusOf(j) is "STOPPED" or "COMPLETED" or "FATAL" or "ERROR", "to stop", TimeSpan.FromSeconds(60));
    }

    private static CommandResult Check(CommandResult run) =>
        run.ExitCode == 0 ? run : throw new InvalidOperationException(run.ToString());
}
