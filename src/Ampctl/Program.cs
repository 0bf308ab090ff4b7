using System.CommandLine;
using Ampctl.Commands;
using Ampctl.Commands.Workers;

namespace Ampctl;

/// <summary>The ampctl executable: the command tree, and the process entry point that hands it to <see cref="Cli"/>.</summary>
public static class Program
{
    // No Ctrl+C handler on purpose: the default SIGINT handling ends the process at once (exit 130), and
    // registering one would make .NET initialise the terminal and write escape sequences to it.
    public static Task<int> Main(string[] args) => Cli.RunAsync(args, CliHost.FromProcess());

    /// <summary>Builds the command tree; every leaf formats what the typed Admin API client returns.</summary>
    internal static RootCommand BuildCommandTree(CliHost host)
    {
        var root = new RootCommand("ampctl: operate an Amp deployment through its Admin API");
        VersionInfo.Replace(root);

        var worker = new Command("worker", "Inspect the workers registered in the metadata database");
        worker.Aliases.Add("workers");
        worker.Subcommands.Add(WorkerListCommand.Create(host));
        worker.Subcommands.Add(WorkerInspectCommand.Create(host));
        root.Subcommands.Add(worker);

        return root;
    }
}
