using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Datasets;

/// <summary>
/// The "done when", with the real binaries: against <c>ampd solo</c> on a fresh amp dir, register a provider,
/// generate and register a manifest, deploy it, and find the materialize-raw job; the manifest hash matches Amp's.
/// </summary>
public sealed class DatasetCliTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "amp");

    [Fact]
    public async Task Provider_manifest_register_and_deploy_give_a_materialize_raw_job_with_Amps_hashes()
    {
        var ampDir = Path.Combine("/tmp", $"amp-e2e-ds-{Guid.NewGuid():N}"[..23]);
        var work = Directory.CreateTempSubdirectory("amp-e2e-ds-files-").FullName;
        var port = Ports.Free();
        var url = $"http://127.0.0.1:{port}";
        // solo reads <amp_dir>/config.toml; a relative manifests_dir is resolved from that file's folder.
        Directory.CreateDirectory(ampDir);
        await File.WriteAllTextAsync(Path.Combine(ampDir, "config.toml"), "manifests_dir = \"stored-manifests\"\n");
        var solo = AmpProcess.Start(Binaries.Ampd, ["solo", "--amp-dir", ampDir],
            new Dictionary<string, string?>(Ports.QueryServers()) { ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{port}" });
        Task<CommandResult> Ampctl(params string[] args) => AmpFleet.RunAmpctlAsync([.. args, "--admin-url", url]);
        try
        {
            await Eventually.ValueAsync(
                async () => solo.HasExited
                    ? throw new InvalidOperationException($"ampd solo exited with code {solo.ExitCode}\n{solo.Output}")
                    : await Ampctl("worker", "list", "--json"),
                run => run.ExitCode == 0 && run.Stdout.Contains("\"active\"", StringComparison.Ordinal),
                "solo's worker to be active", TimeSpan.FromSeconds(90));
            foreach (var dir in new[] { "data", "providers", "stored-manifests" })
                Assert.True(Directory.Exists(Path.Combine(ampDir, dir)), $"solo did not create {dir}");

            var toml = Path.Combine(work, "provider.toml");
            File.Copy(Path.Combine(Fixtures, "providers", "rpc_anvil.toml"), toml);
            var provider = await Ampctl("provider", "register", "anvil", toml);
            Assert.True(provider.ExitCode == 0, provider.ToString());
            Assert.Contains("Provider registered successfully", provider.Stdout, StringComparison.Ordinal);
            Assert.Contains("network = \"anvil\"", await File.ReadAllTextAsync(Path.Combine(ampDir, "providers", "anvil.toml")), StringComparison.Ordinal);

            var generated = await AmpFleet.RunAmpctlAsync(["manifest", "generate", "--kind", "evm-rpc", "--network", "anvil"]);
            Assert.True(generated.ExitCode == 0, generated.ToString());
            var manifest = Path.Combine(work, "m.json");
            await File.WriteAllTextAsync(manifest, generated.Stdout);

            var register = await Ampctl("dataset", "register", "_/anvil_rpc", manifest, "--tag", "1.0.0", "--json");
            Assert.True(register.ExitCode == 0, register.ToString());
            var hash = JsonDocument.Parse(register.Stdout).RootElement.GetProperty("manifest_hash").GetString()!;
            // The generated manifest is Amp's own anvil manifest: same canonical bytes, same hash.
            var fixture = await Ampctl("manifest", "register", Path.Combine(Fixtures, "manifests", "anvil_rpc.json"), "--json");
            Assert.Equal(hash, JsonDocument.Parse(fixture.Stdout).RootElement.GetProperty("hash").GetString());
            var baseRpc = await Ampctl("manifest", "register", Path.Combine(Fixtures, "manifests", "base_rpc.json"));
            Assert.Contains("e95996d82d40d5efea8580ae85968dbf8c70982abeff80019e92555df5d92ef7", baseRpc.Stdout, StringComparison.Ordinal);
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(ampDir, "stored-manifests", hash)))));

            var deploy = await Ampctl("dataset", "deploy", "_/anvil_rpc@1.0.0", "--end-block", "100");
            Assert.True(deploy.ExitCode == 0, deploy.ToString());
            Assert.Contains("Dataset deployed successfully", deploy.Stdout, StringComparison.Ordinal);
            var jobId = deploy.StdoutLines.Single(l => l.StartsWith("→ Job ID: ", StringComparison.Ordinal))["→ Job ID: ".Length..];

            // The fixture provider's endpoint is not running, so the job may be retrying or failed: list every status.
            var jobs = await Ampctl("job", "list", "--status", "all", "--json");
            Assert.True(jobs.ExitCode == 0, jobs.ToString());
            var job = JsonDocument.Parse(jobs.Stdout).RootElement.GetProperty("jobs").EnumerateArray()
                .Single(j => j.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) == jobId);
            var descriptor = job.GetProperty("descriptor");
            Assert.Equal("materialize-raw", descriptor.GetProperty("kind").GetString());
            Assert.Equal("100", descriptor.GetProperty("end_block").GetString());
            Assert.Equal(1, descriptor.GetProperty("max_writers").GetInt32());
            Assert.Equal(("_", "anvil_rpc", hash, false), (descriptor.GetProperty("dataset_namespace").GetString(),
                descriptor.GetProperty("dataset_name").GetString(), descriptor.GetProperty("manifest_hash").GetString(), descriptor.GetProperty("verify").GetBoolean()));
            // The plain `ampctl job list` (active jobs) shows it: the worker runs the job (retrying its unreachable provider).
            var listed = await Ampctl("job", "list");
            Assert.True(listed.ExitCode == 0, listed.ToString());
            Assert.Contains(listed.StdoutLines, l => l.StartsWith(jobId + " ", StringComparison.Ordinal) && l.Contains("materialize-raw", StringComparison.Ordinal));

            // Human output of the read commands.
            var inspect = await Ampctl("dataset", "inspect", "_/anvil_rpc@latest");
            Assert.Contains($"Manifest Hash: {hash}", inspect.Stdout, StringComparison.Ordinal);
            var versions = await Ampctl("dataset", "versions", "_/anvil_rpc");
            Assert.Contains("Latest version: 1.0.0", versions.Stdout, StringComparison.Ordinal);
            var list = await Ampctl("dataset", "ls");
            Assert.Contains("  _/anvil_rpc - 1 version(s), latest 1.0.0", list.Stdout, StringComparison.Ordinal);
            var shown = await Ampctl("provider", "inspect", "anvil", "--json");
            Assert.Equal("http://localhost:8545", JsonDocument.Parse(shown.Stdout).RootElement.GetProperty("url").GetString());

            // Usage errors exit 2 before any request; API errors exit 1.
            Assert.Equal(2, (await Ampctl("dataset", "deploy", "_/anvil_rpc")).ExitCode);
            Assert.Equal(2, (await Ampctl("dataset", "deploy", "_/anvil_rpc@1.0.0", "--end-block", "soon")).ExitCode);
            Assert.Equal(2, (await Ampctl("provider", "register", "bad-name", toml)).ExitCode);
            Assert.Equal(2, (await Ampctl("dataset", "register", "_/x", Path.Combine(work, "missing.json"))).ExitCode);
            var missing = await Ampctl("dataset", "inspect", "_/nothing@latest");
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("DATASET_NOT_FOUND", missing.Stderr, StringComparison.Ordinal);
            var linked = await Ampctl("manifest", "rm", hash);
            Assert.Equal(1, linked.ExitCode);
            Assert.Contains("MANIFEST_LINKED", linked.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            solo.Signal(Signals.SIGTERM);
            await solo.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await solo.DisposeAsync();
            Directory.Delete(work, recursive: true);
            if (Directory.Exists(ampDir))
                Directory.Delete(ampDir, recursive: true);
        }
    }
}
