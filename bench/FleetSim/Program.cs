using System.Collections.Concurrent;
using System.Diagnostics;
using Amp.Bench.Common;
using Amp.Core.Build;
using Amp.Core.Workers;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Migrations;
using Amp.MetadataDb.Workers;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// fleetsim --ampd PATH --db CONNSTRING --postmaster-pid PID --out FILE [--steps 100,500,1000,2000 --warmup 5
//          --windows 5 --window-secs 4 --port 16100 --logs DIR]
//
// Grows a simulated fleet step by step in this one process. Each simulated worker does what ampd worker does on
// its lock session: a dedicated unpooled connection, pg_try_advisory_lock, WorkerRegistration.RegisterAsync, then
// WorkerRepository.HeartbeatAsync every second (missed ticks delayed, not bursted). No jobs, no LISTEN connection.
Children.InstallCleanup();
var a = new Args(args);
var steps = a.Ints("steps", "100,500,1000,2000");
var warmup = TimeSpan.FromSeconds(a.Dbl("warmup", 5));
var windows = a.Int("windows", 5);
var windowLength = TimeSpan.FromSeconds(a.Dbl("window-secs", 3));
var postmaster = a.Int("postmaster-pid", 0);
var db = a.Str("db");
var result = new PartResult { Part = "fleet" };
var sims = new List<SimWorker>();
using var stop = new CancellationTokenSource();
var recorder = new BeatRecorder();

try
{
    var settings = new NpgsqlConnectionStringBuilder(db);
    await using var metadata = MetadataDatabase.Create(settings, "fleetsim", poolSize: 4);
    await Migrator.MigrateAsync(metadata.DataSource, NullLogger.Instance, CancellationToken.None);
    await using (var clean = metadata.DataSource.CreateCommand(
        "TRUNCATE job_events, jobs_status, jobs, worker_incarnations, worker_duplicate_starts, workers RESTART IDENTITY CASCADE"))
        await clean.ExecuteNonQueryAsync();

    await using var amp = new AmpSystem(a.Str("ampd"), db, a.Int("port", 16100), a.Str("logs", "."));
    await amp.StartControllerAsync(TimeSpan.FromSeconds(60));
    var info = new BuildInfo("fleetsim", "0000000000000000000000000000000000000000", "2026-01-01T00:00:00Z", "2026-01-01");

    foreach (var n in steps)
    {
        var row = new ResultRow { Label = $"N = {n:N0}" };
        var connect = Stopwatch.StartNew();
        var toAdd = Enumerable.Range(sims.Count + 1, n - sims.Count).ToList();
        var added = new ConcurrentBag<SimWorker>();
        await Parallel.ForEachAsync(toAdd, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            added.Add(await SimWorker.StartAsync(metadata, NodeId.Parse($"sim-{i:D5}"), info, recorder, stop.Token)));
        sims.AddRange(added);
        connect.Stop();
        row.Pooled["connect_and_register_s"] = Stats.Round(connect.Elapsed.TotalSeconds, 2);
        row.Pooled["registrations_per_s"] = Stats.Round(toAdd.Count / connect.Elapsed.TotalSeconds, 0);
        if (postmaster > 0)
        {
            var (backends, privateKib) = ProcCpu.ChildrenPrivateMemory(postmaster);
            row.Pooled["pg_backends"] = backends;
            row.Pooled["pg_private_memory_mib"] = Stats.Round(privateKib / 1024.0, 0);
            row.Pooled["pg_private_kib_per_backend"] = Stats.Round(privateKib / (double)Math.Max(1, backends), 0);
        }
        Console.Error.WriteLine($"fleet: {sims.Count} simulated workers ({toAdd.Count} added in {connect.Elapsed.TotalSeconds:F1} s)");

        await Task.Delay(warmup);
        for (var w = 0; w < windows; w++)
        {
            // Phase 1: heartbeats alone. Phase 2: heartbeats while one client calls GET /workers back to back.
            var quiet = await MeasureAsync(amp, recorder, postmaster, windowLength, callApi: false);
            var busy = await MeasureAsync(amp, recorder, postmaster, windowLength, callApi: true);
            row.Add("beat_p50_ms", Stats.Percentile(quiet.Beats, 50));
            row.Add("beat_p99_ms", Stats.Percentile(quiet.Beats, 99));
            row.Add("beat_max_ms", quiet.Beats.Count == 0 ? double.NaN : quiet.Beats.Max());
            row.Add("beats_per_s", quiet.Beats.Count / quiet.Seconds);
            row.Add("late_beats", quiet.Late + busy.Late);
            row.Add("pg_cpu_cores", quiet.PgCores);
            row.Add("sim_cpu_cores", quiet.SimCores);
            row.Add("api_p50_ms", Stats.Percentile(busy.Api, 50));
            row.Add("api_p99_ms", Stats.Percentile(busy.Api, 99));
            row.Add("api_req_per_s", busy.Api.Count / busy.Seconds);
            row.Add("beat_p99_api_ms", Stats.Percentile(busy.Beats, 99));
            row.Add("pg_cpu_api_cores", busy.PgCores);
            row.Add("controller_cpu_cores", busy.ControllerCores);
            Console.Error.WriteLine($"fleet N={n} window {w + 1}/{windows}: beats {quiet.Beats.Count / quiet.Seconds:F0}/s p99 {Stats.Percentile(quiet.Beats, 99):F1} ms (with API {Stats.Percentile(busy.Beats, 99):F1} ms), late {quiet.Late + busy.Late}; PG CPU {quiet.PgCores:F2} cores (with API {busy.PgCores:F2}); GET /workers p99 {Stats.Percentile(busy.Api, 99):F1} ms");
        }
        result.Rows.Add(row);
        result.Write(a.Str("out")); // keep what is measured even if a larger step fails
    }
}
catch (Exception ex)
{
    Console.Error.WriteLine($"fleetsim failed: {ex}");
    result.Rows.Add(new ResultRow { Label = $"N = {steps.FirstOrDefault(s => s > sims.Count, sims.Count):N0}", Error = $"{ex.GetType().Name}: {ex.Message} (with {sims.Count} simulated workers connected)" });
    result.Write(a.Str("out"));
    return 1;
}
finally
{
    await stop.CancelAsync();
    await Task.WhenAll(sims.Select(s => s.StopAsync()));
    await Children.StopAllAsync(TimeSpan.FromSeconds(5));
}
return 0;

static async Task<Window> MeasureAsync(AmpSystem amp, BeatRecorder recorder, int postmaster, TimeSpan length, bool callApi)
{
    // Reading /proc for thousands of backends takes a while: CPU is measured between the midpoints of the two
    // reads, beats and API calls over the phase itself.
    var (pg0, self0, ctl0, at0) = ReadCpu(amp, postmaster);
    recorder.Drain();
    var sw = Stopwatch.StartNew();
    var api = new List<double>();
    if (callApi)
    {
        while (sw.Elapsed < length)
        {
            var t = Stopwatch.GetTimestamp();
            using var response = await amp.Api.GetAsync("/workers", HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
            api.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    }
    else
        await Task.Delay(length);
    var (beats, failed) = recorder.Drain();
    var seconds = sw.Elapsed.TotalSeconds;
    var (pg1, self1, ctl1, at1) = ReadCpu(amp, postmaster);
    var cpuSeconds = Stopwatch.GetElapsedTime(at0, at1).TotalSeconds;
    return new Window(beats, beats.Count(b => b > 1000) + failed, api, seconds,
        (pg1 - pg0) / cpuSeconds, (self1 - self0) / cpuSeconds, (ctl1 - ctl0) / cpuSeconds);
}

static (double Pg, double Self, double Controller, long At) ReadCpu(AmpSystem amp, int postmaster)
{
    var start = Stopwatch.GetTimestamp();
    var pg = postmaster > 0 ? ProcCpu.TreeSeconds(postmaster) : double.NaN;
    var self = ProcCpu.SelfSeconds();
    var ctl = ProcCpu.TreeSeconds(amp.Controller!.Pid);
    var end = Stopwatch.GetTimestamp();
    return (pg, self, ctl, start + (end - start) / 2);
}

internal sealed record Window(List<double> Beats, int Late, List<double> Api, double Seconds, double PgCores, double SimCores, double ControllerCores);

/// <summary>Heartbeat durations of the current window, from every simulated worker.</summary>
internal sealed class BeatRecorder
{
    private ConcurrentQueue<double> _beats = new();
    private int _failed;
    public void Beat(double ms) => _beats.Enqueue(ms);
    public void Failed() => Interlocked.Increment(ref _failed);

    public (List<double> Beats, int Failed) Drain()
    {
        var beats = Interlocked.Exchange(ref _beats, new ConcurrentQueue<double>());
        return (beats.ToList(), Interlocked.Exchange(ref _failed, 0));
    }
}

/// <summary>One simulated worker: a lock session held open and a heartbeat every second on it.</summary>
internal sealed class SimWorker
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3); // WorkerOptions.HeartbeatTimeout
    private readonly NpgsqlConnection _session;
    private readonly NodeId _nodeId;
    private readonly Epoch _epoch;
    private Task _loop = Task.CompletedTask;

    private SimWorker(NpgsqlConnection session, NodeId nodeId, Epoch epoch)
    {
        _session = session;
        _nodeId = nodeId;
        _epoch = epoch;
    }

    public static async Task<SimWorker> StartAsync(MetadataDatabase db, NodeId nodeId, BuildInfo info, BeatRecorder recorder, CancellationToken ct)
    {
        var session = await db.OpenDedicatedAsync($"ampd worker {Environment.ProcessId} {nodeId}", ct);
        if (!await NodeIdLock.TryAcquireAsync(session, nodeId, ct))
            throw new InvalidOperationException($"{nodeId}: lock already held");
        var registration = await WorkerRegistration.RegisterAsync(session, nodeId, info, ProcessOrigin.Current, null, ct);
        var sim = new SimWorker(session, nodeId, registration.Epoch);
        sim._loop = Task.Run(() => sim.BeatLoopAsync(recorder, ct), CancellationToken.None);
        return sim;
    }

    private async Task BeatLoopAsync(BeatRecorder recorder, CancellationToken ct)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)), ct); // random phase, as real starts are
            var next = DateTime.UtcNow;
            while (!ct.IsCancellationRequested)
            {
                var t = Stopwatch.GetTimestamp();
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(Timeout);
                    if (await WorkerRepository.HeartbeatAsync(_session, _nodeId, _epoch, timeout.Token) is null)
                        recorder.Failed();
                    else
                        recorder.Beat(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    recorder.Failed();
                    return; // a real worker would fence itself and reconnect as a new incarnation
                }
                next += Interval;
                var now = DateTime.UtcNow;
                if (next < now)
                    next = now;
                await Task.Delay(next - now, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task StopAsync()
    {
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _session.DisposeAsync();
    }
}
