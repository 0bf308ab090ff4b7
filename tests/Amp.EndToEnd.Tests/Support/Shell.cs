using Amp.Testing;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>One-off shell pipelines (<c>ampctl ... | jq ...</c>) run like the documented scripts.</summary>
public static class Shell
{
    public static async Task<CommandResult> RunAsync(AmpFleet fleet, string command)
    {
        await using var p = AmpProcess.Start("/bin/bash", ["-o", "pipefail", "-c", command], DocumentedScript.EnvironmentFor(fleet));
        var code = await p.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return new CommandResult(code, p.Stdout, p.Stderr);
    }
}
