namespace Amp.Controller.Tests.Monitoring;

/// <summary>
/// Prometheus' own rule checker and rule unit-test runner, <c>promtool</c> (Debian's <c>prometheus</c> package, which
/// <c>setup.sh</c> installs), run on the committed monitoring files.
/// </summary>
public static class Promtool
{
    public static async Task<CommandResult> RunAsync(params string[] args)
    {
        var promtool = Find() ?? throw new InvalidOperationException(
            "promtool is not installed: run ./setup.sh as root, or install Debian's prometheus package (sudo apt-get install prometheus), which ships it");
        var (code, stdout, stderr) = await AmpProcess.RunAsync(promtool, args, timeout: TimeSpan.FromMinutes(2));
        return new CommandResult(code, stdout, stderr);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "promtool"))
            .FirstOrDefault(File.Exists);
}
