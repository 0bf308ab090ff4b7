using System.Globalization;
using System.Text.RegularExpressions;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>A fleet of one worker for the commands that follow something to its end.</summary>
public class OneWorkerFleet() : AmpFleet(["follow-01"]);

/// <summary>
/// <c>ampctl job run … --wait</c> follows the job to its end and exits with its outcome; <c>ampctl worker drain
/// --wait</c> returns once the worker is safe to stop. Both against a real controller and worker.
/// </summary>
public sealed partial class FollowCommandTests(OneWorkerFleet fleet) : IClassFixture<OneWorkerFleet>
{
    [GeneratedRegex(@"^✓ Job (\d+) scheduled on follow-01$", RegexOptions.Multiline)]
    private static partial Regex ScheduledOnWorker();

    [Fact]
    public async Task Job_run_wait_exits_0_when_the_job_completes_and_names_the_worker()
    {
        await fleet.RestoreAsync();
        var run = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "1", "--wait", "--timeout", "60s");

        Assert.True(run.ExitCode == 0, run.ToString());
        var id = ScheduledOnWorker().Match(run.Stdout).Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Contains($"✓ Job {id} COMPLETED on follow-01", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_run_wait_exits_1_when_the_job_becomes_fatal()
    {
        await fleet.RestoreAsync();
        var run = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "0", "--fail", "fatal", "--wait", "--timeout", "60s");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"✗ Job \d+ FATAL on follow-01; see 'ampctl job progress \d+'", run.Stdout);
    }

    [Fact]
    public async Task Job_run_wait_gives_up_after_the_timeout_with_exit_1()
    {
        await fleet.RestoreAsync();
        var run = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "60", "--wait", "--timeout", "2s");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"✗ job \d+ is still (SCHEDULED|RUNNING) after 2s", run.Stderr);
        var id = ScheduledOnWorker().Match(run.Stdout).Groups[1].Value;
        await fleet.AmpctlAsync("job", "stop", id);
    }

    [Fact]
    public async Task Drain_wait_returns_once_the_running_job_has_ended()
    {
        await fleet.RestoreAsync();
        // Long enough that ampctl's own start-up on a busy machine cannot outlast the job.
        var run = await fleet.AmpctlAsync("job", "run", "sleep", "--seconds", "10");
        var id = long.Parse(ScheduledOnWorker().Match(run.Stdout).Groups[1].Value, CultureInfo.InvariantCulture);
        await Eventually.UntilAsync(async () => (await fleet.GetAsync($"/jobs/{id}")).Json.GetProperty("status").GetString() == "RUNNING", $"job {id} to run");
        try
        {
            var drain = await fleet.AmpctlAsync("worker", "drain", "follow-01", "--wait", "--timeout", "60s");

            Assert.True(drain.ExitCode == 0, drain.ToString());
            Assert.Contains("✓ follow-01 is safe to stop", drain.Stdout, StringComparison.Ordinal);
            Assert.Contains("follow-01 is not safe to stop yet", drain.Stderr, StringComparison.Ordinal); // it did wait
            Assert.Equal("COMPLETED", (await fleet.GetAsync($"/jobs/{id}")).Json.GetProperty("status").GetString());
        }
        finally
        {
            await fleet.AmpctlAsync("worker", "undrain", "follow-01");
        }
    }
}
