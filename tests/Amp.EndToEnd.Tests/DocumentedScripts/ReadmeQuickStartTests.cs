using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.DocumentedScripts;

/// <summary>
/// The README's commands, extracted from README.md and run as written, in a fresh shell each, from the repository's
/// root: the set-up (setup.sh builds what the rest uses), solo, every "Using it" command, and a second worker that
/// finds solo's database through the amp dir. The only changes are those a test needs to share the machine: the amp
/// dir comes from AMP_DIR (a temp directory), solo's port from AMP_CONFIG_ADMIN_API_ADDR and ampctl's from
/// AMP_ADMIN_URL, and <c>localhost:1610</c> in a command is replaced by that port.
/// </summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public async Task Readme_commands_run_verbatim_from_set_up_to_a_second_worker()
    {
        var ampDir = SoloRun.NewAmpDir();
        var port = Ports.Free();
        var env = new Dictionary<string, string?>(Ports.QueryServers())
        {
            ["AMP_DIR"] = ampDir,
            ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{port}",
            ["AMP_ADMIN_URL"] = $"http://127.0.0.1:{port}",
        };
        var servers = new List<AmpProcess>();
        try
        {
            var setUp = ReadmeCommands.Section("Set-up");
            var build = await RunScriptAsync(setUp.Where(l => !ReadmeCommands.StartsServer(l)), env, TimeSpan.FromMinutes(10));
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.Contains("setup: building src/Ampctl", build.Stdout, StringComparison.Ordinal);

            var solo = StartServer(Assert.Single(setUp, ReadmeCommands.StartsServer), env);
            servers.Add(solo);
            await solo.WaitForOutputAsync("Admin API listening", TimeSpan.FromSeconds(90));
            Assert.Contains("Initialising a new PostgreSQL cluster", solo.Stdout, StringComparison.Ordinal); // progress, not silence
            Assert.Contains($"Solo mode: config file none (defaults and AMP_CONFIG_* variables); amp dir {ampDir}", solo.Stdout, StringComparison.Ordinal);

            var usingIt = ReadmeCommands.Section("Using it");
            var use = await RunScriptAsync(usingIt.Where(l => !ReadmeCommands.StartsServer(l)).Select(l => l.Replace("localhost:1610", $"127.0.0.1:{port}", StringComparison.Ordinal)), env, TimeSpan.FromMinutes(2));
            Assert.True(use.ExitCode == 0, use.ToString());
            Assert.Contains("\"node_id\": \"worker\"", use.Stdout, StringComparison.Ordinal); // the curl | jq line ran

            var worker = StartServer(Assert.Single(usingIt, ReadmeCommands.StartsServer), env);
            servers.Add(worker);
            await Eventually.ValueAsync(() => AmpFleet.RunAmpctlAsync(["worker", "list", "--admin-url", $"http://127.0.0.1:{port}"]),
                r => r.ExitCode == 0 && r.StdoutLines.Any(l => l.StartsWith("worker-01 ", StringComparison.Ordinal) && l.Contains(" active ", StringComparison.Ordinal)),
                "worker-01 of the README to be listed active", TimeSpan.FromSeconds(60));
        }
        finally
        {
            foreach (var server in Enumerable.Reverse(servers))
            {
                Signals.Send(-server.Pid, Signals.SIGTERM);
                try
                {
                    await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                    // killed by DisposeAsync
                }
                await server.DisposeAsync();
            }
            SoloRun.CleanUp(ampDir);
        }
    }

    private static async Task<CommandResult> RunScriptAsync(IEnumerable<string> lines, IReadOnlyDictionary<string, string?> env, TimeSpan timeout)
    {
        var script = Path.Combine(Path.GetTempPath(), $"readme-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, "shopt -s expand_aliases\nset -euo pipefail\n" + string.Join('\n', lines) + "\n");
        try
        {
            await using var bash = AmpProcess.Start("/bin/bash", [script], env, Binaries.RepoRoot);
            var code = await bash.WaitForExitAsync(timeout);
            return new CommandResult(code, bash.Stdout, bash.Stderr);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>A server line in a session of its own, so stopping the session stops it with its children.</summary>
    private static AmpProcess StartServer(string line, IReadOnlyDictionary<string, string?> env) =>
        AmpProcess.Start("/usr/bin/setsid", ["/bin/bash", "-c", line], env, Binaries.RepoRoot);
}
