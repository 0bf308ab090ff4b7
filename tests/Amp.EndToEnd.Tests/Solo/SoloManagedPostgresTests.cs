using System.Globalization;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Solo;

/// <summary>
/// Solo does not outlive its managed PostgreSQL (docs/config.md, "Solo mode"): when the server dies under it, solo
/// says so, says what to do, and exits 1 so that a supervisor (systemd <c>Restart=on-failure</c>) starts it again.
/// </summary>
public sealed class SoloManagedPostgresTests
{
    [Fact]
    public async Task Killed_managed_postgres_stops_solo_with_exit_1_and_a_log_line_naming_the_cause_and_the_fix()
    {
        var ampDir = SoloRun.NewAmpDir();
        try
        {
            await using var solo = SoloRun.Start(ampDir);
            await solo.WaitListeningAsync();
            var postmaster = int.Parse(File.ReadLines(Path.Combine(ampDir, "metadb", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

            Signals.Send(postmaster, Signals.SIGKILL);
            var exit = await solo.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(exit == 1, solo.Process.Output);
            var line = solo.Process.Output.Split('\n').FirstOrDefault(l => l.Contains($"Managed PostgreSQL (pid {postmaster}) exited unexpectedly; stopping solo", StringComparison.Ordinal));
            Assert.True(line is not null, solo.Process.Output);
            Assert.Contains("start ampd solo again", line, StringComparison.Ordinal); // the fix
            Assert.Contains(Path.Combine(ampDir, "metadb"), line, StringComparison.Ordinal); // the cluster it reuses
            Assert.Contains("Restart=on-failure", line, StringComparison.Ordinal);
        }
        finally
        {
            SoloRun.CleanUp(ampDir);
        }
    }
}
