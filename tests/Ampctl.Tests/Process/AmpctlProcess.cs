using System.Diagnostics;

namespace Ampctl.Tests.Process;

/// <summary>Starts the real ampctl (the ampctl.dll next to the tests) as a child process with redirected output.</summary>
internal static class AmpctlProcess
{
    public const string SigInt = "INT";
    public const string SigTerm = "TERM";

    public static ProcessStartInfo StartInfo(string adminUrl, IEnumerable<string> args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ampctl.dll");
        Assert.True(File.Exists(dll), $"ampctl.dll not found next to the tests in {AppContext.BaseDirectory}");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        psi.Environment.Remove("NO_COLOR");
        psi.Environment.Remove("AMP_AUTH_TOKEN");
        psi.Environment["AMP_ADMIN_URL"] = adminUrl;
        return psi;
    }

    /// <summary>Sends a POSIX signal, as Ctrl+C (SIGINT) or a service manager (SIGTERM) would.</summary>
    public static async Task SignalAsync(System.Diagnostics.Process process, string signal)
    {
        var psi = new ProcessStartInfo("kill") { UseShellExecute = false };
        foreach (var arg in new[] { "-s", signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(arg);
        using var kill = System.Diagnostics.Process.Start(psi)!;
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -s {signal} {process.Id} exited {kill.ExitCode}");
    }
}
