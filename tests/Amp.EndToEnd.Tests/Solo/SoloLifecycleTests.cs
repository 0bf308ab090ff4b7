using System.Net;
using System.Net.Sockets;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Solo;

/// <summary>One solo per amp dir, a clean Ctrl-C, and a taken Admin API port reported once.</summary>
public sealed class SoloLifecycleTests
{
    [Fact]
    public async Task Second_solo_on_the_same_amp_dir_is_refused_and_the_first_keeps_its_job_running()
    {
        var first = SoloRun.Start();
        try
        {
            await first.WaitListeningAsync();
            var job = await first.RunSleepJobAsync(120);
            var before = await first.GetJsonAsync($"/jobs/{job}");

            await using var second = SoloRun.Start(first.AmpDir);
            var exit = await second.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

            Assert.True(exit == 1, second.Process.Output);
            Assert.Contains($"error: another ampd solo (pid {first.Process.Pid}) is using {first.AmpDir}; stop it first", second.Process.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("PostgreSQL", second.Process.Stdout, StringComparison.Ordinal);
            // The first solo, its database, its worker's incarnation and its job are untouched.
            var after = await first.GetJsonAsync($"/jobs/{job}");
            Assert.Equal("RUNNING", after.GetProperty("status").GetString());
            Assert.Equal(before.GetProperty("epoch").GetInt64(), after.GetProperty("epoch").GetInt64());
            Assert.Equal(1, after.GetProperty("attempts").GetInt32());
            var worker = await first.GetJsonAsync("/workers/worker");
            Assert.Equal("active", worker.GetProperty("status").GetString());
            Assert.Equal(1, worker.GetProperty("epoch").GetInt64());
            Assert.False(first.Process.HasExited, first.Process.Output);
            Assert.False(first.Process.Printed("exited unexpectedly"), first.Process.Output);
        }
        finally
        {
            await first.DisposeAsync();
            SoloRun.CleanUp(first.AmpDir);
        }
    }

    [Fact]
    public async Task Ctrl_C_to_the_process_group_ends_the_incarnation_gracefully_and_hands_the_job_back()
    {
        var ampDir = SoloRun.NewAmpDir();
        try
        {
            long job;
            await using (var solo = SoloRun.Start(ampDir))
            {
                await solo.WaitListeningAsync();
                job = await solo.RunSleepJobAsync(120);

                solo.InterruptGroup();
                var exit = await solo.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
                Assert.True(exit == 0, solo.Process.Output);
                // ampd's own writes (the hand-back, the graceful end) never hit a closed pipe. PostgreSQL's own log line
                // "could not send data to client: Broken pipe" for an idle connection it terminates at its fast shutdown
                // is not that failure (the outcome is checked below from the database).
                Assert.DoesNotContain(solo.Process.Output.Split('\n'), l => l.Contains("Broken pipe", StringComparison.Ordinal)
                    && !l.Contains("could not send data to client", StringComparison.Ordinal));
                Assert.False(solo.Process.Printed("exited unexpectedly"), solo.Process.Output);
            }

            // The next solo on the same directory reads what the first one recorded.
            await using var again = SoloRun.Start(ampDir);
            await again.WaitListeningAsync();
            var history = await again.GetJsonAsync("/workers/worker/incarnations");
            var first = history.GetProperty("incarnations").EnumerateArray().Single(i => i.GetProperty("epoch").GetInt64() == 1);
            Assert.Equal("graceful", first.GetProperty("end_reason").GetString());
            var handedBack = await again.GetJsonAsync($"/jobs/{job}");
            Assert.Equal(1, handedBack.GetProperty("attempts").GetInt32());
            var events = (await again.GetJsonAsync($"/jobs/{job}/events")).GetProperty("events").EnumerateArray()
                .Select(e => e.GetProperty("event_type").GetString()).ToList();
            Assert.Equal(["SCHEDULED", "RUNNING", "SCHEDULED"], events.Take(3)); // handed back, not failed over as a crash
        }
        finally
        {
            SoloRun.CleanUp(ampDir);
        }
    }

    [Fact]
    public async Task Admin_API_port_in_use_is_one_error_line_and_exit_1_before_anything_starts()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var ampDir = SoloRun.NewAmpDir();
        try
        {
            await using var solo = SoloRun.Start(ampDir, new Dictionary<string, string?> { ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{port}" });
            var exit = await solo.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(exit == 1, solo.Process.Output);
            var errorLines = solo.Process.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = Assert.Single(errorLines);
            Assert.StartsWith($"error: cannot serve the Admin API on 127.0.0.1:{port}: ", line, StringComparison.Ordinal);
            Assert.Contains("admin_api_addr", line, StringComparison.Ordinal);
            Assert.DoesNotContain("listening", solo.Process.Stdout, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("crit", solo.Process.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("BackgroundService", solo.Process.Output, StringComparison.Ordinal);
        }
        finally
        {
            SoloRun.CleanUp(ampDir);
        }
    }
}
