using Npgsql;

namespace Amp.Chaos.Tests.Chaos;

/// <summary>
/// Breaks the fleet on a seeded schedule: every 2 to 5 seconds it either kills a random worker with SIGKILL and
/// starts it again under the same node ID, or terminates all of a random worker's database sessions with
/// <c>pg_terminate_backend</c>; once, at a chosen moment, it stops PostgreSQL for 2 to 4 seconds and starts it
/// again. It keeps every worker process it ever saw, so the test can tell a process it killed from one that died
/// by itself.
/// </summary>
public sealed class ChaosDriver(ChaosFleet fleet, Random random, RunClock clock, Action<string> log)
{
    // Pool sessions are named "ampd worker <node>", the lock session "ampd worker <pid> <node>".
    private const string TerminateSql = """
        SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))
        FROM pg_stat_activity
        WHERE application_name LIKE '% ' || $1 AND pid <> pg_backend_pid()
        """;

    private readonly List<AmpProcess> _started = [];
    private readonly HashSet<AmpProcess> _killed = [];
    private readonly List<string> _diedByThemselves = [];
    private readonly Dictionary<int, long> _killedAtNs = [];

    /// <summary>When (host monotonic clock, ns) each killed process was killed: its unfinished executions ended then.</summary>
    public IReadOnlyDictionary<int, long> KilledAtNs => _killedAtNs;

    public int Kills { get; private set; }
    public int TerminationRounds { get; private set; }
    public long SessionsTerminated { get; private set; }
    public int PostgresRestarts { get; private set; }
    public TimeSpan PostgresDowntime { get; private set; }

    /// <summary>Every worker process of the run, killed or not, in start order.</summary>
    public IReadOnlyList<AmpProcess> Started => _started;

    public bool WasKilled(AmpProcess process) => _killed.Contains(process);

    /// <summary>Worker processes found exited when the driver came to kill them: nobody but the driver may end one.</summary>
    public IReadOnlyList<string> DiedByThemselves => _diedByThemselves;

    public async Task RunAsync(TimeSpan duration, TimeSpan restartPostgresAt)
    {
        foreach (var id in fleet.NodeIds)
            _started.Add(fleet.Worker(id));
        var restarted = false;
        while (true)
        {
            var next = clock.Elapsed + TimeSpan.FromMilliseconds(random.Next(2000, 5000));
            if (next >= duration)
                break;
            await clock.UntilAsync(next);
            var node = fleet.NodeIds[random.Next(fleet.NodeIds.Count)];
            if (!restarted && clock.Elapsed >= restartPostgresAt)
            {
                await RestartPostgresAsync();
                restarted = true;
            }
            else if (random.Next(2) == 0)
            {
                await KillAndRestartAsync(node);
            }
            else
            {
                await TerminateSessionsAsync(node);
            }
        }
        if (!restarted)
            await RestartPostgresAsync();
    }

    private async Task KillAndRestartAsync(string node)
    {
        var victim = fleet.Worker(node);
        if (victim.HasExited)
        {
            _diedByThemselves.Add($"{victim.Name} (pid {victim.Pid}) had exited with code {victim.ExitCode} before the driver came to kill it");
            log($"{clock.Stamp} {node} pid {victim.Pid} had already EXITED with code {victim.ExitCode}; starting it again");
        }
        else
        {
            victim.Kill9();
            _killedAtNs[victim.Pid] = Amp.Worker.Jobs.ExecutionJournal.MonotonicNanoseconds();
            _killed.Add(victim);
            Kills++;
            await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        var replacement = fleet.StartWorker(node);
        _started.Add(replacement);
        log($"{clock.Stamp} kill -9 {node} pid {victim.Pid}; started again as pid {replacement.Pid}");
    }

    private async Task TerminateSessionsAsync(string node)
    {
        await using var conn = await fleet.OpenAsync();
        await using var cmd = new NpgsqlCommand(TerminateSql, conn);
        cmd.Parameters.AddWithValue(node);
        var count = (long)(await cmd.ExecuteScalarAsync())!;
        TerminationRounds++;
        SessionsTerminated += count;
        log($"{clock.Stamp} pg_terminate_backend: {count} session(s) of {node}");
    }

    private async Task RestartPostgresAsync()
    {
        var down = clock.Elapsed;
        log($"{clock.Stamp} stopping PostgreSQL");
        await fleet.Server.StopAsync();
        // Down long enough for every worker to fence itself and for clients to see 503s, as in a real restart.
        await clock.UntilAsync(down + TimeSpan.FromMilliseconds(random.Next(2000, 4000)));
        await fleet.StartPostgresAgainAsync();
        PostgresRestarts++;
        PostgresDowntime = clock.Elapsed - down;
        log($"{clock.Stamp} PostgreSQL is back after {PostgresDowntime.TotalSeconds:0.0}s");
    }
}
