using System.CommandLine;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// <c>ampctl job run KIND</c>: schedules a job through <c>POST /jobs</c>, one subcommand per descriptor kind
/// (<c>sleep</c> for now; dataset extraction is scheduled with <c>dataset deploy</c>).
/// </summary>
internal static class JobRunCommand
{
    public static Command Create(CliHost host)
    {
        var run = new Command("run", "Schedule a job of a given kind on a worker");
        run.Subcommands.Add(JobRunSleepCommand.Create(host));
        return run;
    }
}
