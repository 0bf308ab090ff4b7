using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// <c>ampctl worker verify --version V | --commit SHA [--wait D] [--interval D]</c>, the deployment gate: exit 0 only
/// when every active worker runs the expected build. A straggler is made by rewriting its <c>workers.info</c> row
/// (see <see cref="VersionsCommandTests"/>); restarting it is the rollout step that fixes it.
/// </summary>
public sealed class VerifyCommandTests(ThreeWorkerFleet fleet) : IClassFixture<ThreeWorkerFleet>
{
    private const string Old = FleetOperations.OldVersion;
    private const string OldSha = FleetOperations.OldSha;

    [Fact]
    public async Task Fleet_on_the_expected_version_converges_at_once()
    {
        var (version, _) = await fleet.StartFromRealBuildsAsync();

        var run = await fleet.AmpctlAsync("worker", "verify", "--version", version);
        var json = await fleet.AmpctlAsync("worker", "verify", "--version", version, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"✓ every active worker runs {version} (3 of 3)\n", run.Stdout);
        Assert.Equal("", run.Stderr);
        Assert.True(json.ExitCode == 0, json.ToString());
        var report = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.True(report.GetProperty("converged").GetBoolean());
        Assert.Equal(version, report.GetProperty("expected").Str("version"));
        Assert.Equal(3, report.Num("active"));
        Assert.Equal(DocNodeIds.Three, report.GetProperty("matching").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, report.GetProperty("others").GetArrayLength());
    }

    [Fact]
    public async Task Worker_on_another_version_fails_the_check_and_is_named()
    {
        var (version, _) = await fleet.StartFromRealBuildsAsync();
        await fleet.MoveToOldBuildAsync("worker-02");

        var run = await fleet.AmpctlAsync("worker", "verify", "--version", version);
        var json = await fleet.AmpctlAsync("worker", "verify", "--version", version, "--json");
        var old = await fleet.AmpctlAsync("worker", "verify", "--version", Old);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal([$"✗ not converged: 2 of 3 active workers run {version}", $"✗ worker-02 runs {Old} (a1b2c3d)"], run.StdoutLines);
        Assert.True(json.ExitCode == 1, json.ToString());
        var report = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.False(report.GetProperty("converged").GetBoolean());
        Assert.Equal(["worker-01", "worker-03"], report.GetProperty("matching").EnumerateArray().Select(e => e.GetString()));
        var other = Assert.Single(report.GetProperty("others").EnumerateArray().ToList());
        Assert.Equal("worker-02", other.Str("node_id"));
        Assert.Equal(Old, other.Str("version"));
        Assert.Equal(OldSha, other.Str("commit_sha"));
        Assert.True(old.ExitCode == 1, old.ToString());
        Assert.Equal($"✗ not converged: 1 of 3 active workers run {Old}", old.StdoutLines[0]);
        Assert.Equal(3, old.StdoutLines.Length);
    }

    [Fact]
    public async Task Waiting_verify_converges_once_the_straggler_is_restarted_on_the_new_build()
    {
        var (version, _) = await fleet.StartFromRealBuildsAsync();
        await fleet.MoveToOldBuildAsync("worker-03");

        // Polls every 15 s: its first check sees the straggler; the restart below (kill, start, active again)
        // finishes before the second check, which then sees all three workers on the expected build.
        await using var verify = AmpProcess.Start(Binaries.Ampctl,
            ["worker", "verify", "--version", version, "--wait", "60s", "--interval", "15s", "--admin-url", fleet.AdminUrl]);
        await verify.WaitForOutputAsync($"… 2 of 3 active workers run {version}; waiting up to 1m");
        Assert.False(verify.HasExited, verify.Output);
        await fleet.RestartWorkerAsync("worker-03");
        var exit = await verify.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exit == 0, verify.Output);
        Assert.Equal($"✓ every active worker runs {version} (3 of 3)\n", verify.Stdout);
    }

    [Fact]
    public async Task Waiting_verify_gives_up_at_the_deadline_with_exit_1()
    {
        var (version, _) = await fleet.StartFromRealBuildsAsync();
        await fleet.MoveToOldBuildAsync("worker-01");

        var run = await fleet.AmpctlAsync("worker", "verify", "--version", version, "--wait", "2s", "--interval", "500ms");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal([$"✗ not converged after 2s: 2 of 3 active workers run {version}", $"✗ worker-01 runs {Old} (a1b2c3d)"], run.StdoutLines);
        Assert.Equal($"… 2 of 3 active workers run {version}; waiting up to 2s\n", run.Stderr);
    }

    [Fact]
    public async Task Only_active_workers_are_verified_so_a_stopped_straggler_does_not_block_the_check()
    {
        var (version, _) = await fleet.StartFromRealBuildsAsync();
        await fleet.MoveToOldBuildAsync("worker-02");
        fleet.Worker("worker-02").Kill9();
        await fleet.WaitForStatusAsync("worker-02", "inactive", TimeSpan.FromSeconds(20));

        var run = await fleet.AmpctlAsync("worker", "verify", "--version", version);

        // Documented behaviour (docs/operations.md): pair verify with `ampctl worker health` to catch a worker that is down.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"✓ every active worker runs {version} (2 of 2)\n", run.Stdout);
        var health = await fleet.AmpctlAsync("worker", "health");
        Assert.True(health.ExitCode == 1, health.ToString());
    }

    [Fact]
    public async Task Commit_prefix_matches_the_commit_the_workers_report()
    {
        var (_, sha) = await fleet.StartFromRealBuildsAsync();
        Assert.Matches("^[0-9a-f]{40}$", sha); // the binaries are built from a git checkout

        var prefix = await fleet.AmpctlAsync("worker", "verify", "--commit", sha[..7]);
        var full = await fleet.AmpctlAsync("worker", "verify", "--commit", sha.ToUpperInvariant());
        await fleet.MoveToOldBuildAsync("worker-03");
        var mixed = await fleet.AmpctlAsync("worker", "verify", "--commit", sha[..10], "--json");
        var oldCommit = await fleet.AmpctlAsync("worker", "verify", "--commit", OldSha[..8]);

        Assert.True(prefix.ExitCode == 0, prefix.ToString());
        Assert.Equal($"✓ every active worker runs commit {sha[..7]} (3 of 3)\n", prefix.Stdout);
        Assert.True(full.ExitCode == 0, full.ToString());
        Assert.Equal($"✓ every active worker runs commit {sha} (3 of 3)\n", full.Stdout);
        Assert.True(mixed.ExitCode == 1, mixed.ToString());
        var report = JsonDocument.Parse(mixed.Stdout).RootElement;
        Assert.Equal(sha[..10], report.GetProperty("expected").Str("commit_sha"));
        Assert.Equal(["worker-03"], report.GetProperty("others").EnumerateArray().Select(o => o.Str("node_id")));
        Assert.True(oldCommit.ExitCode == 1, oldCommit.ToString());
        Assert.Equal($"✗ not converged: 1 of 3 active workers run commit {OldSha[..8]}", oldCommit.StdoutLines[0]);
    }

    [Theory]
    [InlineData("--commit", "abc12")]        // shorter than 7 hex digits
    [InlineData("--commit", "not-a-commit")]
    [InlineData("--version", " ")]
    [InlineData("--wait", "forever")]
    public async Task Invalid_expectation_is_a_usage_error(string option, string value)
    {
        var run = await fleet.AmpctlAsync("worker", "verify", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("✗ ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_and_commit_together_or_neither_is_a_usage_error()
    {
        var both = await fleet.AmpctlAsync("worker", "verify", "--version", "v1", "--commit", "0123456789");
        var neither = await fleet.AmpctlAsync("worker", "verify");

        Assert.Equal(2, both.ExitCode);
        Assert.Contains("give exactly one of --version or --commit", both.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("give exactly one of --version or --commit", neither.Stderr, StringComparison.Ordinal);
    }
}
