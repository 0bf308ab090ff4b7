using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Solo;

/// <summary>
/// The README's "more workers": a worker started with <c>ampd worker --amp-dir</c> joins the solo running there and
/// shares its manifests and data directories, so a <c>materialize-raw</c> job pinned to it completes and writes its
/// Parquet files under solo's <c>data/</c> (before, it looked in its working directory and ended MANIFEST_NOT_FOUND).
/// </summary>
public sealed class SoloJoinedWorkerExtractionTests
{
    [Fact]
    public async Task A_worker_that_joins_solo_through_the_amp_dir_extracts_into_solos_data_dir()
    {
        await using var anvil = await Anvil.StartAsync();
        await AnvilChain.GenerateAsync(anvil, 20);
        var head = (long)await anvil.BlockNumberAsync();
        var work = Directory.CreateTempSubdirectory("amp-e2e-join-").FullName;
        await using var solo = SoloRun.Start();
        AmpProcess? extra = null;
        try
        {
            await solo.WaitListeningAsync();
            // Another working directory: only --amp-dir connects it to solo.
            extra = AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", "joined-1", "--amp-dir", solo.AmpDir], workingDirectory: work);
            await Eventually.UntilAsync(async () => (await solo.GetJsonAsync("/workers/joined-1")).GetProperty("status").GetString() == "active",
                "joined-1 to be active", TimeSpan.FromSeconds(90));

            var provider = Path.Combine(work, "provider.toml");
            await File.WriteAllTextAsync(provider, $"kind = \"evm-rpc\"\nnetwork = \"anvil\"\nurl = \"{anvil.HttpUrl}\"\n");
            await Ok(solo.AmpctlAsync("provider", "register", "anvil", provider));
            var manifest = await Ok(AmpFleet.RunAmpctlAsync(["manifest", "generate", "--kind", "evm-rpc", "--network", "anvil"]));
            var manifestFile = Path.Combine(work, "m.json");
            await File.WriteAllTextAsync(manifestFile, manifest.Stdout);
            await Ok(solo.AmpctlAsync("dataset", "register", "_/anvil_rpc", manifestFile, "--tag", "1.0.0"));
            var deploy = await Ok(solo.AmpctlAsync("dataset", "deploy", "_/anvil_rpc@1.0.0", "--end-block", "latest", "--worker-id", "joined-1", "--json"));
            var id = JsonDocument.Parse(deploy.Stdout).RootElement.GetProperty("job_id").GetInt64();

            var job = await Eventually.ValueAsync(async () => await solo.GetJsonAsync($"/jobs/{id}"),
                j => j.GetProperty("status").GetString() is "COMPLETED" or "FATAL" or "ERROR", $"job {id} to end", TimeSpan.FromSeconds(120));
            Assert.True(job.GetProperty("status").GetString() == "COMPLETED", $"{job}\n{extra.Output}");
            Assert.Equal("joined-1", job.GetProperty("node_id").GetString());

            var blocks = Directory.GetFiles(Path.Combine(solo.AmpDir, "data", "_", "anvil_rpc", "blocks"), "*.parquet", SearchOption.AllDirectories);
            Assert.NotEmpty(blocks);
            Assert.False(Directory.Exists(Path.Combine(work, "data")), "the joined worker wrote into its working directory");
            var progress = await solo.GetJsonAsync($"/jobs/{id}/progress");
            Assert.Contains(head.ToString(System.Globalization.CultureInfo.InvariantCulture), progress.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (extra is not null)
                await extra.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<CommandResult> Ok(Task<CommandResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
