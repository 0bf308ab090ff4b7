using System.CommandLine;
using Ampctl.Commands;
using Ampctl.Commands.Jobs;
using Ampctl.Commands.Workers;

namespace Ampctl;

/// <summary>The ampctl executable: the command tree, and the process entry point that hands it to <see cref="Cli"/>.</summary>
public static class Program
{
    // No process-wide Ctrl+C handler on purpose: the default SIGINT handling ends the process at once (exit 130),
    // and Console.CancelKeyPress would make .NET initialise the terminal and write escape sequences to it. Only
    // 'worker watch', which runs until interrupted, takes SIGINT/SIGTERM while it runs (CliHost.RegisterInterrupt).
    public static Task<int> Main(string[] args) => Cli.RunAsync(args, CliHost.FromProcess());

    /// <summary>Builds the command tree; every leaf formats what the typed Admin API client returns.</summary>
    internal static RootCommand BuildCommandTree(CliHost host)
    {
        var root = new RootCommand("ampctl: operate an Amp deployment through its Admin API");
        VersionInfo.Replace(root);

        var worker = new Command("worker", "Monitor and operate the workers registered in the metadata database");
        worker.Aliases.Add("workers");
        worker.Subcommands.Add(WorkerListCommand.Create(host));
        worker.Subcommands.Add(WorkerInspectCommand.Create(host));
        worker.Subcommands.Add(WorkerHealthCommand.Create(host));
        worker.Subcommands.Add(WorkerVersionsCommand.Create(host));
        worker.Subcommands.Add(WorkerVerifyCommand.Create(host));
        worker.Subcommands.Add(WorkerExportCommand.Create(host));
        worker.Subcommands.Add(WorkerWatchCommand.Create(host));
        worker.Subcommands.Add(WorkerHistoryCommand.Create(host));
        worker.Subcommands.Add(WorkerSummaryCommand.Create(host));
        worker.Subcommands.Add(WorkerDrainCommand.Create(host));
        worker.Subcommands.Add(WorkerUndrainCommand.Create(host));
        worker.Subcommands.Add(WorkerRetireCommand.Create(host));
        worker.Subcommands.Add(WorkerSafeToStopCommand.Create(host));
        root.Subcommands.Add(worker);
        root.Subcommands.Add(JobCommand.Create(host));
        root.Subcommands.Add(Commands.Registry.DatasetCommand.Create(host));
        root.Subcommands.Add(Commands.Registry.ManifestCommand.Create(host));
        root.Subcommands.Add(Commands.Registry.ProviderCommand.Create(host));
        root.Subcommands.Add(Commands.Tables.TableCommand.Create(host));
        root.Subcommands.Add(Commands.Query.QueryCommand.Create(host));
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create(host));

        return root;
    }
}
