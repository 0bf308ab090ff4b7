using Amp.Testing;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>
/// Runs one of the documented scripts in <c>Scripts/</c> with <c>bash</c> against a live fleet. The scripts call
/// plain <c>ampctl</c>: a wrapper on PATH adds the fleet's <c>--admin-url</c>, so their text stays as documented.
/// <c>AMP_ADMIN_URL</c> is set as well, for the scripts that call the API with curl.
/// </summary>
public static class DocumentedScript
{
    public static string PathOf(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Scripts", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"documented script {name} is not in the test output", path);
    }

    /// <summary>The environment a script runs in: the fleet's ampctl first on PATH, C locale for sort and uniq.</summary>
    public static Dictionary<string, string?> EnvironmentFor(AmpFleet fleet) => new()
    {
        ["PATH"] = fleet.AmpctlWrapperDirectory() + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"),
        ["AMP_ADMIN_URL"] = fleet.AdminUrl,
        ["LC_ALL"] = "C.UTF-8",
        ["TZ"] = "UTC",
    };

    /// <summary>Runs <c>bash Scripts/name</c> to completion (60 s at most) in <paramref name="workingDirectory"/>.</summary>
    public static async Task<CommandResult> RunAsync(AmpFleet fleet, string name, string? workingDirectory = null)
    {
        await using var p = Start(fleet, name, workingDirectory);
        var code = await p.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return new CommandResult(code, p.Stdout, p.Stderr);
    }

    /// <summary>
    /// Starts a script that never ends by itself (a monitoring loop) in a session of its own, so that
    /// <see cref="KillSession"/> ends it together with whatever it is running (a <c>sleep 60</c>).
    /// </summary>
    public static AmpProcess StartInOwnSession(AmpFleet fleet, string name) =>
        AmpProcess.Start("/usr/bin/setsid", ["bash", PathOf(name)], EnvironmentFor(fleet));

    /// <summary>SIGKILLs every process of the session started by <see cref="StartInOwnSession"/>.</summary>
    public static void KillSession(AmpProcess leader) => Signals.Send(-leader.Pid, Signals.SIGKILL);

    private static AmpProcess Start(AmpFleet fleet, string name, string? workingDirectory) =>
        AmpProcess.Start("/bin/bash", [PathOf(name)], EnvironmentFor(fleet), workingDirectory);
}
