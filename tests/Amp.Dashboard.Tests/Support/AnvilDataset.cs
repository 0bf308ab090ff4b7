using System.Globalization;
using Amp.Testing;

namespace Amp.Dashboard.Tests.Support;

/// <summary>Registers, through the real ampctl, a provider for an anvil chain (with a secret) and a dataset of that network.</summary>
public static class AnvilDataset
{
    public const string Secret = "anvil-provider-secret-93ab";

    /// <summary>Returns the dataset name (<c>_/&lt;network&gt;_rpc</c>, version 1.0.0).</summary>
    public static async Task<string> RegisterAsync(DashboardFleet fleet, Anvil anvil, string network)
    {
        var work = Directory.CreateTempSubdirectory("amp-dashboard-files-").FullName;
        var toml = Path.Combine(work, "provider.toml");
        await File.WriteAllTextAsync(toml, $"kind = \"evm-rpc\"\nnetwork = \"{network}\"\nurl = \"{anvil.HttpUrl}\"\nauth_token = \"{Secret}\"\n");
        Check(await fleet.AmpctlAsync("provider", "register", network, toml));
        var generated = Check(await AmpFleet.RunAmpctlAsync(["manifest", "generate", "--kind", "evm-rpc", "--network", network]));
        var manifest = Path.Combine(work, "manifest.json");
        await File.WriteAllTextAsync(manifest, generated.Stdout);
        var name = network + "_rpc";
        Check(await fleet.AmpctlAsync("dataset", "register", "_/" + name, manifest, "--tag", "1.0.0"));
        return name;
    }

    public static long ParseJobId(string text) =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(text, @"job (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

    private static CommandResult Check(CommandResult run) =>
        run.ExitCode == 0 ? run : throw new InvalidOperationException(run.ToString());
}
