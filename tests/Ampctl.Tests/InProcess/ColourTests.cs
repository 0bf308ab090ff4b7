using Ampctl.Tests.Fakes;

namespace Ampctl.Tests.InProcess;

public sealed class ColourTests : IAsyncLifetime
{
    private const char Esc = '\u001b';
    private FakeAdminApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeAdminApi.StartAsync();
        _api.Respond("/workers", 200, CannedWorkers.List).Respond("/workers/worker-01", 200, CannedWorkers.Worker01);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public static TheoryData<string[]> Commands => new() { new[] { "worker", "list" }, new[] { "worker", "inspect", "worker-01" } };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_terminal_gets_coloured_status(string[] command)
    {
        var run = await CliRun.RunAsync([.. command, "--admin-url", _api.Url], stdoutIsTerminal: true);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\u001b[32mactive\u001b[0m", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task No_color_in_the_environment_means_no_escape_characters_even_on_a_terminal(string[] command)
    {
        foreach (var value in new[] { "1", "" })
        {
            var env = new Dictionary<string, string> { ["NO_COLOR"] = value };
            var run = await CliRun.RunAsync([.. command, "--admin-url", _api.Url], env, stdoutIsTerminal: true);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("active", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(Esc, run.Stdout);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Redirected_output_has_no_escape_characters(string[] command)
    {
        var run = await CliRun.RunAsync([.. command, "--admin-url", _api.Url], stdoutIsTerminal: false);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(Esc, run.Stdout);
    }
}
