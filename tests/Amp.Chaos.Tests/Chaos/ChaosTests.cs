using System.Globalization;
using Xunit.Abstractions;

namespace Amp.Chaos.Tests.Chaos;

/// <summary>
/// The fleet under fire for about 90 seconds: workers killed with SIGKILL and started again, their database
/// sessions terminated, PostgreSQL restarted once, while 150 jobs arrive. Afterwards every job is COMPLETED,
/// no job had two owners at once, no node ID had two live incarnations, and nothing died that was not killed.
/// Set AMP_CHAOS_SEED to replay another schedule.
/// </summary>
public sealed class ChaosTests(ChaosFleet fleet, ITestOutputHelper output) : IClassFixture<ChaosFleet>
{
    private const int DefaultSeed = 1610;
    private const int JobCount = 150;
    private static readonly TimeSpan ChaosDuration = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SubmitOver = TimeSpan.FromSeconds(85);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WallClockBudget = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_job_completes_with_one_owner_at_a_time_through_kills_terminated_sessions_and_a_postgres_restart()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("AMP_CHAOS_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var clock = new RunClock();
        var random = new Random(seed);
        var restartPostgresAt = TimeSpan.FromSeconds(30 + random.Next(0, 30));
        output.WriteLine($"seed {seed}; PostgreSQL restarts at about {restartPostgresAt.TotalSeconds:0}s");
        var driver = new ChaosDriver(fleet, new Random(random.Next()), clock, Log);
        var stream = new JobStream(fleet, new Random(random.Next()), clock, Log);

        try
        {
            await Task.WhenAll(driver.RunAsync(ChaosDuration, restartPostgresAt), stream.RunAsync(JobCount, SubmitOver));
            Log($"{clock.Stamp} chaos over; waiting for the jobs to finish");
            var ids = stream.Ids.ToArray();
            await Eventually.UntilAsync(async () => await fleet.ScalarAsync<long>(
                "SELECT count(*) FROM jobs_status WHERE job_id = ANY($1) AND status = 'COMPLETED'", ids) == JobCount,
                $"all {JobCount} jobs to be COMPLETED", SettleTimeout);
            await fleet.WaitUntilAsync(ws => fleet.NodeIds.All(id => ws.TryGetValue(id, out var w) && AmpFleet.Status(w) == "active"),
                "every worker to be active again", SettleTimeout);
            Log($"{clock.Stamp} all jobs COMPLETED, every worker active");

            Assert.Equal(JobCount, stream.Ids.Distinct().Count());
            Assert.Equal(0L, await fleet.ScalarAsync<long>("SELECT count(*) FROM jobs_status WHERE status <> 'COMPLETED'"));
            await using (var conn = await fleet.OpenAsync())
            {
                var ownership = await FleetInvariants.OwnershipViolationsAsync(conn);
                var incarnations = await FleetInvariants.IncarnationViolationsAsync(conn);
                await PrintSummaryAsync(driver, stream, clock);
                Assert.True(ownership.Count == 0, "one owner at a time:\n" + string.Join('\n', ownership));
                Assert.True(incarnations.Count == 0, "one live incarnation per node ID:\n" + string.Join('\n', incarnations));
            }
            var executions = ExecutionOverlap.Read(ChaosFleet.JournalDirectory, driver.KilledAtNs, Amp.Worker.Jobs.ExecutionJournal.MonotonicNanoseconds());
            var overlaps = ExecutionOverlap.Overlaps(executions);
            output.WriteLine($"executions journalled by the workers: {executions.Count} of {executions.Select(e => e.JobId).Distinct().Count()} jobs; overlapping pairs: {overlaps.Count}");
            Assert.True(executions.Select(e => e.JobId).Distinct().Count() == JobCount, $"the journal holds executions of {executions.Select(e => e.JobId).Distinct().Count()} jobs, not {JobCount}");
            Assert.True(overlaps.Count == 0, "no job may run on two processes at once:\n" + string.Join('\n', overlaps));
            Assert.True(driver.DiedByThemselves.Count == 0, string.Join('\n', driver.DiedByThemselves));
            var diedUnkilled = driver.Started.Where(p => !driver.WasKilled(p) && p.HasExited)
                .Select(p => $"{p.Name} (pid {p.Pid}) was never killed but exited with code {p.ExitCode}").ToList();
            Assert.True(diedUnkilled.Count == 0, string.Join('\n', diedUnkilled));
            if (fleet.Controller.HasExited)
                Assert.Fail($"the controller exited with code {fleet.Controller.ExitCode}");
            Assert.True(clock.Elapsed < WallClockBudget, $"the chaos run took {clock.Elapsed}, over its budget of {WallClockBudget}");
        }
        catch
        {
            DumpProcessLogs(driver, seed);
            throw;
        }
    }

    private void Log(string line) => output.WriteLine(line);

    private async Task PrintSummaryAsync(ChaosDriver driver, JobStream stream, RunClock clock)
    {
        var moves = await fleet.ScalarAsync<long>("SELECT count(*) FROM job_events WHERE event_type = 'SCHEDULED' AND context->>'reason' = 'failover'");
        var resumed = await fleet.ScalarAsync<long>("SELECT count(*) FROM job_events WHERE event_type = 'RUNNING' AND detail ? 'resumed_from_epoch'");
        var runs = await fleet.ScalarAsync<long>("SELECT count(*) FROM job_events WHERE event_type = 'RUNNING'");
        var incarnations = await fleet.ScalarAsync<long>("SELECT count(*) FROM worker_incarnations");
        var reasons = await fleet.ScalarAsync<string>(
            "SELECT COALESCE(string_agg(end_reason || ' ' || n, ', ' ORDER BY end_reason), '') FROM (SELECT end_reason, count(*) AS n FROM worker_incarnations WHERE end_reason IS NOT NULL GROUP BY end_reason) x");
        output.WriteLine($"""
            --- chaos summary ({clock.Elapsed.TotalSeconds:0}s) ---
            kills (kill -9 + restart): {driver.Kills}
            pg_terminate_backend rounds: {driver.TerminationRounds} ({driver.SessionsTerminated} sessions)
            PostgreSQL restarts: {driver.PostgresRestarts} (down for {driver.PostgresDowntime.TotalSeconds:0.0}s)
            jobs: {stream.Ids.Count} submitted, all COMPLETED; {stream.Retried} submissions retried (503 / refused)
            failover moves: {moves}; RUNNING events: {runs}, of which resumed by a new incarnation: {resumed}
            incarnations: {incarnations} ({reasons})
            """);
    }

    /// <summary>Every process's whole output into a directory, and its tail into the test output.</summary>
    private void DumpProcessLogs(ChaosDriver driver, int seed)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"amp-chaos-logs-{seed}-{DateTime.UtcNow:yyyyMMddHHmmss}");
        Directory.CreateDirectory(dir);
        var processes = driver.Started.Select((p, i) => (Name: $"{i:00}-worker-{p.Pid}", Process: p)).Append(("controller", fleet.Controller));
        foreach (var (name, process) in processes)
        {
            File.WriteAllText(Path.Combine(dir, name + ".log"), process.Output);
            var tail = process.Output.Split('\n').TakeLast(25);
            output.WriteLine($"--- tail of {name} ({process.Name}, {(process.HasExited ? $"exited {process.ExitCode}" : "running")}) ---\n{string.Join('\n', tail)}");
        }
        output.WriteLine($"full process logs in {dir}");
    }
}
