using System.CommandLine;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// <c>ampctl job</c> (alias <c>jobs</c>): list, inspect, stop, remove and prune jobs, follow their progress and
/// events, and schedule test jobs. Amp's command names, aliases and flags.
/// </summary>
internal static class JobCommand
{
    public static Command Create(CliHost host)
    {
        var job = new Command("job", "List, inspect, stop, remove and prune jobs; show their progress and events; run test jobs");
        job.Aliases.Add("jobs");
        job.Subcommands.Add(JobListCommand.Create(host));
        job.Subcommands.Add(JobInspectCommand.Create(host));
        job.Subcommands.Add(JobStopCommand.Create(host));
        job.Subcommands.Add(JobRemoveCommand.Create(host));
        job.Subcommands.Add(JobPruneCommand.Create(host));
        job.Subcommands.Add(JobProgressCommand.Create(host));
        job.Subcommands.Add(JobEventsCommand.Create(host));
        job.Subcommands.Add(JobRunCommand.Create(host));
        return job;
    }
}
