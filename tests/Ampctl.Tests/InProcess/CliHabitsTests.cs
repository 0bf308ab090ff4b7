using Ampctl.Tests.Jobs.Support;

namespace Ampctl.Tests.InProcess;

/// <summary>The habits kubectl and Temporal users bring: "did you mean", a version command, shell completion.</summary>
public sealed class CliHabitsTests
{
    [Theory]
    [InlineData("job lst", "  → did you mean 'ampctl job list'?")]
    [InlineData("wrker list", "  → did you mean 'ampctl worker'?")]
    [InlineData("worker inspet w1", "  → did you mean 'ampctl worker inspect'?")]
    public async Task A_mistyped_command_is_a_usage_error_with_the_nearest_command(string line, string hint)
    {
        var run = await CliRun.RunAsync(line.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(hint, run.StderrLines);
    }

    [Fact]
    public async Task Nothing_close_gives_no_hint()
    {
        var run = await CliRun.RunAsync("job", "zzzzzzzz");

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain(run.StderrLines, l => l.Contains("did you mean", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Version_command_prints_the_version_line()
    {
        var command = await CliRun.RunAsync("version");
        var option = await CliRun.RunAsync("--version");

        Assert.Equal(0, command.ExitCode);
        Assert.StartsWith("ampctl ", command.Stdout, StringComparison.Ordinal);
        Assert.Equal(option.Stdout, command.Stdout);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _ampctl_complete ampctl")]
    [InlineData("zsh", "#compdef ampctl")]
    [InlineData("fish", "complete -c ampctl -f -a '(__ampctl_complete)'")]
    public async Task Completion_prints_a_script_for_the_shell(string shell, string marker)
    {
        var run = await CliRun.RunAsync("completion", shell);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(marker, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[suggest:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_suggest_directive_the_scripts_call_completes_commands()
    {
        var run = await CliRun.RunAsync("[suggest:10]", "ampctl wor");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("worker", run.StdoutLines);
    }

    [Fact]
    public async Task Removing_a_job_that_is_not_there_says_so()
    {
        await using var api = await FakeJobsApi.StartAsync();
        api.Get("/jobs/77", 404, CannedJobs.Error("JOB_NOT_FOUND", "job 77 not found")).Respond("DELETE", "/jobs/77", 204);

        var run = await CliRun.RunAsync("job", "rm", "77", "--admin-url", api.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("✓ Job 77 does not exist; nothing to remove\n", run.Stdout);
    }
}
