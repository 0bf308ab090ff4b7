using Microsoft.Extensions.Logging;

namespace Amp.MetadataDb.Postgres;

/// <summary>
/// Clears what an earlier server on the same data directory left behind: a stale <c>postmaster.pid</c> and socket
/// files, a still-running postmaster (fast shutdown, then SIGKILL) and backends that outlived a killed postmaster.
/// </summary>
internal static class OrphanCleanup
{
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string dataDirectory, ILogger logger, CancellationToken ct)
    {
        PostmasterPidFile? pidFile = PostmasterPidFile.Read(dataDirectory);
        if (pidFile is not null)
        {
            if (pidFile.Pid is not int pid)
                Log.StalePidFile(logger, dataDirectory, pidFile.Problem ?? "no PID");
            else if (!PosixSignals.IsAlive(pid))
                Log.StalePidFile(logger, dataDirectory, $"PID {pid} is not running");
            else if (!IsServerOf(pid, dataDirectory))
                Log.StalePidFile(logger, dataDirectory, $"PID {pid} now belongs to another process ({Describe(pid)})");
            else
                await ShutDownOrphanAsync(dataDirectory, pid, logger, ct).ConfigureAwait(false);

            foreach (string file in PostmasterPidFile.DeleteStaleFiles(dataDirectory))
                Log.StaleFileDeleted(logger, dataDirectory, file);
        }

        await KillLeftoversAsync(dataDirectory, logger, ct).ConfigureAwait(false);
    }

    private static async Task ShutDownOrphanAsync(string dataDirectory, int pid, ILogger logger, CancellationToken ct)
    {
        Log.OrphanShuttingDown(logger, dataDirectory, pid);
        PosixSignals.Send(pid, PosixSignals.SIGINT);
        if (!await WaitGoneAsync(pid, ShutdownWait, ct).ConfigureAwait(false))
        {
            PosixSignals.Send(pid, PosixSignals.SIGKILL);
            Log.OrphanKilled(logger, dataDirectory, pid, ShutdownWait.TotalSeconds);
            if (!await WaitGoneAsync(pid, KillWait, ct).ConfigureAwait(false))
                throw new ManagedPostgresException($"The orphaned PostgreSQL server (pid {pid}) on '{dataDirectory}' survived SIGKILL. Fix: stop it by hand.");
        }
        Log.OrphanStopped(logger, dataDirectory, pid);
    }

    /// <summary>
    /// Backends of a SIGKILLed postmaster keep running until they notice; a new postmaster must not share the
    /// directory with them, and without postmaster.pid it cannot find their shared memory to notice them itself.
    /// </summary>
    private static async Task KillLeftoversAsync(string dataDirectory, ILogger logger, CancellationToken ct)
    {
        List<int> leftovers = FindServerProcesses(dataDirectory);
        if (leftovers.Count == 0)
            return;
        foreach (int pid in leftovers)
        {
            string command = Describe(pid);
            if (PosixSignals.Send(pid, PosixSignals.SIGKILL))
                Log.LeftoverProcessKilled(logger, dataDirectory, pid, command);
        }
        bool gone = await Poll.UntilAsync(() => leftovers.All(p => !PosixSignals.IsAlive(p)), KillWait,
            TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        if (!gone)
            throw new ManagedPostgresException($"Leftover PostgreSQL processes ({string.Join(", ", leftovers)}) on '{dataDirectory}' survived SIGKILL. Fix: stop them by hand.");
    }

    /// <summary>Postgres processes whose working directory is <paramref name="dataDirectory"/> (a server chdirs there).</summary>
    private static List<int> FindServerProcesses(string dataDirectory)
    {
        var found = new List<int>();
        if (PosixFiles.TryStat(dataDirectory) is not { } dir)
            return found;
        int self = Environment.ProcessId;
        foreach (int pid in ProcInfo.AllPids())
        {
            if (pid != self && ProcInfo.Comm(pid) == "postgres" && WorksIn(pid, dir) == true && PosixSignals.IsAlive(pid))
                found.Add(pid);
        }
        return found;
    }

    /// <summary>
    /// True when the live process is a postgres server on <paramref name="dataDirectory"/>. When its working
    /// directory cannot be read, a postgres process named in our postmaster.pid is taken to be ours.
    /// </summary>
    private static bool IsServerOf(int pid, string dataDirectory)
    {
        if (!ProcInfo.IsPostgres(pid))
            return false;
        if (PosixFiles.TryStat(dataDirectory) is not { } dir)
            return true;
        return WorksIn(pid, dir) ?? true;
    }

    private static bool? WorksIn(int pid, FileStatus dir) =>
        PosixFiles.TryStat($"/proc/{pid}/cwd") is { } cwd ? cwd.IsSameFileAs(dir) : null;

    private static Task<bool> WaitGoneAsync(int pid, TimeSpan timeout, CancellationToken ct) =>
        Poll.UntilAsync(() => !PosixSignals.IsAlive(pid), timeout, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500), ct);

    private static string Describe(int pid)
    {
        IReadOnlyList<string> argv = ProcInfo.CommandLine(pid);
        return argv.Count > 0 ? string.Join(' ', argv) : ProcInfo.Comm(pid) ?? "unknown";
    }
}
