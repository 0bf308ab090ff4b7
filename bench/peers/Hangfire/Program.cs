using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Amp.Bench.Common;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

// hangfire-bench latency|throughput --db CONNSTRING --out FILE [--runs 5 --jobs N --workers 4 --logs DIR]
// hangfire-bench worker --db CONNSTRING [--worker-count N]       (started by the two above)
//
// Hangfire.Core with Hangfire.PostgreSql, tuned for low latency as its options allow: EnableLongPolling (LISTEN/NOTIFY
// on new_job) and QueuePollInterval 100 ms as the fallback. Worker processes print "S <key> <latency ms>" when a job
// starts; the latency is measured on Stopwatch timestamps (CLOCK_MONOTONIC), which every process shares.
namespace HangfireBench;

public static class Program
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    internal static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    internal static bool LongPolling = true;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: hangfire-bench latency|throughput|worker [--options]");
            return 2;
        }
        var a = new Args(args.Skip(1));
        LongPolling = a.Str("long-polling", "true") == "true";
        Configure(a.Str("db"));
        try
        {
            return args[0] switch
            {
                "worker" => Worker(a),
                "latency" => await Driver.LatencyAsync(a),
                "throughput" => await Driver.ThroughputAsync(a),
                _ => throw new ArgumentException($"unknown mode '{args[0]}'"),
            };
        }
        catch (Exception ex) when (args[0] != "worker")
        {
            Console.Error.WriteLine($"hangfire-bench {args[0]} failed: {ex}");
            new PartResult { Part = args[0], Rows = [new ResultRow { Label = "Hangfire", Error = ex.Message }] }.Write(a.Str("out"));
            return 1;
        }
        finally
        {
            Driver.StopWorkers();
        }
    }

    private static void Configure(string db)
    {
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseColouredConsoleLogProvider(Hangfire.Logging.LogLevel.Warn)
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(db), new PostgreSqlStorageOptions
            {
                QueuePollInterval = PollInterval,
                EnableLongPolling = LongPolling,
                PrepareSchemaIfNecessary = true,
            });
    }

    private static int Worker(Args a)
    {
        var options = new BackgroundJobServerOptions
        {
            WorkerCount = a.Int("worker-count", Environment.ProcessorCount * 5 > 20 ? 20 : Environment.ProcessorCount * 5),
            Queues = ["default"],
        };
        using var server = new BackgroundJobServer(options);
        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        // Until the driver closes our stdin (or dies).
        while (Console.In.ReadLine() is not null)
        {
        }
        return 0;
    }
}

/// <summary>The job. Public and static so Hangfire can serialize the call.</summary>
public static class Jobs
{
    public static void Noop(string key, long enqueuedTimestamp, bool report)
    {
        if (report)
        {
            var ms = (Stopwatch.GetTimestamp() - enqueuedTimestamp) * 1000.0 / Stopwatch.Frequency;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"S {key} {ms:F3}"));
        }
    }
}

internal static class Driver
{
    private static readonly List<Process> Workers = [];
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<double>> Waiting = new();

    public static void StopWorkers()
    {
        foreach (var p in Workers)
        {
            try
            {
                if (!p.HasExited)
                    p.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static async Task StartWorkersAsync(Args a, int count, int workerCount)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopWorkers();
        var exe = Environment.ProcessPath!;
        var ready = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "worker", "--db", a.Str("db"), "--worker-count", workerCount.ToString(CultureInfo.InvariantCulture), "--long-polling", Program.LongPolling ? "true" : "false" })
                psi.ArgumentList.Add(arg);
            var p = Process.Start(psi)!;
            Workers.Add(p);
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var log = Path.Combine(a.Str("logs", "."), $"hangfire-worker-{i + 1}.log");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(log))!);
            void Log(string line)
            {
                lock (Workers)
                    File.AppendAllText(log, line + "\n");
            }
            p.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                    return;
                if (e.Data == "READY")
                    tcs.TrySetResult();
                else if (e.Data.StartsWith("S ", StringComparison.Ordinal))
                {
                    var f = e.Data.Split(' ');
                    if (Waiting.TryRemove(f[1], out var w))
                        w.TrySetResult(double.Parse(f[2], CultureInfo.InvariantCulture));
                }
                else
                    Log(e.Data); // Hangfire's own log lines (warnings and errors)
            };
            p.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                    Log(e.Data);
            };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            ready.Add(tcs.Task);
        }
        await Task.WhenAll(ready).WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(1000); // servers announce themselves and start their fetch loops
    }

    private static Task<double> Expect(string key) =>
        Waiting.GetOrAdd(key, _ => new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static async Task<int> LatencyAsync(Args a)
    {
        var runs = a.Int("runs", 5);
        var jobs = a.Int("jobs", 1000);
        var gap = TimeSpan.FromMilliseconds(a.Dbl("gap-ms", 5));
        var row = new ResultRow
        {
            Label = a.Str("label", "Hangfire"),
            Settings = $"1 BackgroundJobServer process (WorkerCount default {Math.Min(Environment.ProcessorCount * 5, 20)}); Hangfire.PostgreSql {(Program.LongPolling ? "EnableLongPolling = true (LISTEN new_job)" : "EnableLongPolling = false")}, QueuePollInterval {Program.PollInterval.TotalMilliseconds:0} ms (default 15 s); producer: BackgroundJobClient.Enqueue",
        };
        await StartWorkersAsync(a, 1, Math.Min(Environment.ProcessorCount * 5, 20));
        var client = new BackgroundJobClient();
        for (var i = 0; i < 10; i++)
        {
            var key = $"warm-{i}";
            var started = Expect(key);
            client.Enqueue(() => Jobs.Noop(key, Stopwatch.GetTimestamp(), true));
            await started.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(gap);
        }
        var all = new List<double>();
        int stuck = 0, stuckBefore = 0;
        for (var r = 0; r < runs; r++)
        {
            var lats = new List<double>(jobs);
            for (var i = 0; i < jobs; i++)
            {
                var key = $"r{r}-{i}";
                var started = Expect(key);
                var ts = Stopwatch.GetTimestamp();
                var id = client.Enqueue(() => Jobs.Noop(key, ts, true));
                try
                {
                    lats.Add(await started.WaitAsync(Program.StartTimeout));
                }
                catch (TimeoutException)
                {
                    // Counted at the timeout (a lower bound) and reported; the run goes on.
                    Waiting.TryRemove(key, out _);
                    lats.Add(Program.StartTimeout.TotalMilliseconds);
                    stuck++;
                    var what = $"job {id} ({key}) did not start within {Program.StartTimeout.TotalSeconds:0} s: {await DescribeAsync(a.Str("db"), id)}";
                    Console.Error.WriteLine(what);
                    if (stuck == 1)
                        row.Notes.Add($"First job not started within {Program.StartTimeout.TotalSeconds:0} s: {what}.");
                }
                await Task.Delay(gap);
            }
            row.Add("p50_ms", Stats.Percentile(lats, 50));
            row.Add("p99_ms", Stats.Percentile(lats, 99));
            row.Add("max_ms", lats.Max());
            row.Add("stuck", stuckBefore == stuck ? 0 : stuck - stuckBefore);
            stuckBefore = stuck;
            all.AddRange(lats);
            Console.Error.WriteLine($"Hangfire latency run {r + 1}/{runs}: p50 {Stats.Percentile(lats, 50):F2} ms p99 {Stats.Percentile(lats, 99):F2} ms");
        }
        row.Pooled["jobs"] = all.Count;
        row.Pooled["p50_ms"] = Stats.Round(Stats.Percentile(all, 50), 3);
        row.Pooled["p99_ms"] = Stats.Round(Stats.Percentile(all, 99), 3);
        row.Pooled["max_ms"] = Stats.Round(all.Max(), 3);
        row.Pooled["stuck"] = stuck;
        new PartResult { Part = "latency", Rows = [row] }.Write(a.Str("out"));
        return 0;
    }

    private static async Task<string> DescribeAsync(string db, string id)
    {
        await using var ds = NpgsqlDataSource.Create(db);
        await using var cmd = ds.CreateCommand("""
            SELECT j.statename,
                   (SELECT string_agg(s.name || ' at ' || s.createdat::text, ', ' ORDER BY s.id) FROM hangfire.state s WHERE s.jobid = j.id),
                   (SELECT string_agg(coalesce(q.fetchedat::text, 'not fetched'), ', ') FROM hangfire.jobqueue q WHERE q.jobid = j.id),
                   now() AT TIME ZONE 'UTC'
            FROM hangfire.job j WHERE j.id = $1
            """);
        cmd.Parameters.AddWithValue(long.Parse(id, CultureInfo.InvariantCulture));
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return "no such job";
        return $"state {reader.GetValue(0)}; states: {reader.GetValue(1)}; queue row fetched at: {reader.GetValue(2)}; now {reader.GetValue(3)}";
    }

    public static async Task<int> ThroughputAsync(Args a)
    {
        var runs = a.Int("runs", 5);
        var jobs = a.Int("jobs", 2000);
        var workers = a.Int("workers", 4);
        var workerCount = a.Int("worker-count", 10);
        var clients = a.Int("clients", 8);
        var row = new ResultRow
        {
            Label = "Hangfire",
            Settings = $"{workers} BackgroundJobServer processes × WorkerCount {workerCount}; EnableLongPolling, QueuePollInterval {Program.PollInterval.TotalMilliseconds:0} ms; enqueued by {clients} concurrent BackgroundJobClient.Enqueue callers (one transaction per job, no bulk API)",
        };
        await StartWorkersAsync(a, workers, workerCount);
        var client = new BackgroundJobClient();
        await using var db = NpgsqlDataSource.Create(a.Str("db"));
        await EnqueueAndDrainAsync(client, db, 100, clients);
        for (var r = 0; r < runs; r++)
        {
            var (total, enqueue) = await EnqueueAndDrainAsync(client, db, jobs, clients);
            row.Add("jobs_per_s", jobs / total.TotalSeconds);
            row.Add("enqueue_per_s", jobs / enqueue.TotalSeconds);
            row.Add("total_s", total.TotalSeconds);
            Console.Error.WriteLine($"Hangfire throughput run {r + 1}/{runs}: {jobs / total.TotalSeconds:F0} jobs/s");
        }
        new PartResult { Part = "throughput", Rows = [row] }.Write(a.Str("out"));
        return 0;
    }

    private static async Task<(TimeSpan Total, TimeSpan Enqueue)> EnqueueAndDrainAsync(BackgroundJobClient client, NpgsqlDataSource db, int jobs, int clients)
    {
        var ids = new ConcurrentBag<long>();
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs), new ParallelOptions { MaxDegreeOfParallelism = clients }, (i, _) =>
        {
            var key = i.ToString(CultureInfo.InvariantCulture);
            ids.Add(long.Parse(client.Enqueue(() => Jobs.Noop(key, 0, false)), CultureInfo.InvariantCulture));
            return ValueTask.CompletedTask;
        });
        var enqueue = sw.Elapsed;
        var (min, max) = (ids.Min(), ids.Max());
        while (true)
        {
            await using var cmd = db.CreateCommand("SELECT count(*) FROM hangfire.job WHERE id BETWEEN $1 AND $2 AND statename IS DISTINCT FROM 'Succeeded'");
            cmd.Parameters.AddWithValue(min);
            cmd.Parameters.AddWithValue(max);
            if ((long)(await cmd.ExecuteScalarAsync())! == 0)
                return (sw.Elapsed, enqueue);
            if (sw.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException("jobs not all succeeded after 5 minutes");
            await Task.Delay(20);
        }
    }
}
