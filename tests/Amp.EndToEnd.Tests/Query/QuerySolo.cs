using System.Globalization;
using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Query;

/// <summary>
/// One <c>ampd solo</c> serving the Admin API, JSON Lines and Arrow Flight on free loopback ports, with helpers to
/// register an anvil dataset, deploy it and query it.
/// </summary>
public sealed class QuerySolo : IAsyncLifetime
{
    public SoloRun Solo { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task InitializeAsync()
    {
        Solo = SoloRun.Start(env: new Dictionary<string, string?> { ["AMP_CONFIG_POLL_INTERVAL_SECS"] = "0.2" });
        await Solo.WaitListeningAsync();
        await Solo.Process.WaitForOutputAsync("Arrow Flight queries listening", TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Solo.DisposeAsync();
        SoloRun.CleanUp(Solo.AmpDir);
    }

    /// <summary>Registers a provider for <paramref name="network"/> at anvil and the dataset <c>_/&lt;network&gt;_rpc@1.0.0</c>; returns its name.</summary>
    public async Task<string> RegisterAsync(string network, Anvil anvil)
    {
        var work = Directory.CreateTempSubdirectory("amp-e2e-query-").FullName;
        var toml = Path.Combine(work, "provider.toml");
        await File.WriteAllTextAsync(toml, $"kind = \"evm-rpc\"\nnetwork = \"{network}\"\nurl = \"{anvil.HttpUrl}\"\n");
        Check(await Solo.AmpctlAsync("provider", "register", network, toml));
        var generated = Check(await AmpFleet.RunAmpctlAsync(["manifest", "generate", "--kind", "evm-rpc", "--network", network]));
        var manifest = Path.Combine(work, "m.json");
        await File.WriteAllTextAsync(manifest, generated.Stdout);
        var name = network + "_rpc";
        Check(await Solo.AmpctlAsync("dataset", "register", "_/" + name, manifest, "--tag", "1.0.0"));
        return name;
    }

    /// <summary>Deploys <c>_/name@1.0.0</c> with <paramref name="flags"/> and returns the job id.</summary>
    public async Task<long> DeployAsync(string name, params string[] flags)
    {
        var deploy = Check(await Solo.AmpctlAsync(["dataset", "deploy", $"_/{name}@1.0.0", .. flags]));
        return long.Parse(deploy.StdoutLines.Single(l => l.StartsWith("→ Job ID: ", StringComparison.Ordinal))["→ Job ID: ".Length..], CultureInfo.InvariantCulture);
    }

    public async Task WaitForJobAsync(long id, string status)
    {
        var job = await Eventually.ValueAsync(async () => await Solo.GetJsonAsync($"/jobs/{id}"),
            j => j.GetProperty("status").GetString() is var s && (s == status || s is "FATAL"), $"job {id} to be {status}", TimeSpan.FromSeconds(120));
        Assert.True(job.GetProperty("status").GetString() == status, job.ToString());
    }

    /// <summary>The JSON lines <c>POST /</c> answers for <paramref name="sql"/> (status 200 asserted).</summary>
    public async Task<List<JsonElement>> JsonlAsync(string sql)
    {
        using var response = await Http.PostAsync(new Uri(Solo.JsonlUrl + "/"), new StringContent(sql));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    private static CommandResult Check(CommandResult run) =>
        run.ExitCode == 0 ? run : throw new InvalidOperationException(run.ToString());
}
