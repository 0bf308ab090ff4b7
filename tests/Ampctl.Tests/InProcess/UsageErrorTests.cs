namespace Ampctl.Tests.InProcess;

/// <summary>Usage errors exit 2 before anything is sent (these runs point at a closed port on purpose).</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("worker", "list", "--no-such-option")]
    [InlineData("worker", "inspect")]
    [InlineData("worker", "inspect", "w1", "w2")]
    [InlineData("worker")]
    [InlineData("worker", "list", "--status")]
    [InlineData("worker", "history")]
    [InlineData("worker", "drain")]
    [InlineData("worker", "safe-to-stop", "w1", "w2")]
    [InlineData("worker", "verify")]
    [InlineData("worker", "health", "--threshold", "later")]
    [InlineData("worker", "export", "--format", "yaml")]
    [InlineData("worker", "watch", "--count", "x")]
    public async Task Bad_command_lines_exit_2_with_errors_on_stderr(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("✗ ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help' for usage", run.StderrLines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--admin-url", "localhost:1610")]
    [InlineData("--admin-url", "ftp://example.com")]
    [InlineData("--admin-url", "not a url")]
    public async Task An_unusable_admin_url_is_a_usage_error(string flag, string value)
    {
        var run = await CliRun.RunAsync("worker", "list", flag, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"✗ invalid --admin-url '{value}': must be an absolute http:// or https:// URL, e.g. http://localhost:1610\n", run.Stderr);
    }

    [Fact]
    public async Task An_unusable_url_from_the_environment_names_the_variable()
    {
        var run = await CliRun.RunAsync(["worker", "list"], new Dictionary<string, string> { ["AMP_ADMIN_URL"] = "nope" });

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("✗ invalid AMP_ADMIN_URL 'nope'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_commands_and_common_options()
    {
        var root = await CliRun.RunAsync("--help");
        var list = await CliRun.RunAsync("worker", "list", "--help");

        Assert.Equal(0, root.ExitCode);
        Assert.Contains("worker, workers", root.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        foreach (var option in new[] { "--admin-url", "--auth-token", "--json", "--status", "--version" })
            Assert.Contains(option, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("http://localhost:1610", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_help_lists_every_operator_command()
    {
        var run = await CliRun.RunAsync("worker", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "list, ls", "get, inspect", "health", "versions", "verify", "export", "watch", "history", "summary", "drain", "undrain", "retire", "safe-to-stop" })
            Assert.Contains(command, run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("health", "--threshold")]
    [InlineData("versions", "--all")]
    [InlineData("verify", "--commit")]
    [InlineData("export", "--output")]
    [InlineData("watch", "--count")]
    [InlineData("list", "--include-retired")]
    public async Task Each_command_documents_its_options_and_the_common_ones(string command, string option)
    {
        var run = await CliRun.RunAsync("worker", command, "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var expected in new[] { option, "--admin-url", "--auth-token", "--json" })
            Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_never_shows_the_auth_token_from_the_environment()
    {
        var run = await CliRun.RunAsync(["worker", "inspect", "--help"], new Dictionary<string, string> { ["AMP_AUTH_TOKEN"] = "hunter2" });

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("hunter2", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_build_information()
    {
        var run = await CliRun.RunAsync("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("ampctl ", run.Stdout, StringComparison.Ordinal);
    }
}
