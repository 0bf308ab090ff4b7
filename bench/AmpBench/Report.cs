using System.Globalization;
using System.Text;
using Amp.Bench.Common;

namespace Amp.Bench;

/// <summary>Renders bench/results/&lt;date&gt;.md from the JSON files of one run and the machine description.</summary>
internal static class Report
{
    private static readonly string[] PartOrder = ["latency", "throughput", "failover", "fleet", "admin"];

    private static readonly Dictionary<string, string> Titles = new()
    {
        ["latency"] = "Dispatch latency (enqueue → job running on a worker, idle fleet)",
        ["throughput"] = "Throughput (no-op jobs, 4 workers)",
        ["failover"] = "Failover (kill -9 of the worker running a job → running on another worker)",
        ["fleet"] = "Fleet scale (simulated workers, 1 s heartbeats, one lock connection each)",
        ["admin"] = "Admin API: GET /workers",
    };

    private static readonly Dictionary<string, string> How = new()
    {
        ["latency"] = """
            Jobs are enqueued one at a time; the next one is enqueued after the previous one started plus a 5 ms
            pause, so every job meets an idle worker. **p50/p99/max** are enqueue call → job running, measured by the
            client on the machine's clock (ampd: `POST /jobs` sent → the job's `RUNNING` event, written when the
            worker claims it; peers: the producer's add call → the first line of the task handler, on
            `CLOCK_MONOTONIC`). For ampd, **DB events** is `job_events` RUNNING.created_at − SCHEDULED.created_at,
            the database's own view without the HTTP hop. Each cell: median of the runs (min–max).
            """,
        ["throughput"] = """
            Workers are up, then N no-op jobs are enqueued in bulk and the clock runs from the first enqueue until a
            query (every 20 ms) finds no job left unfinished. **jobs/s** = N / that time, so it includes enqueueing;
            **enqueue/s** is the enqueue phase alone. Each cell: median of the runs (min–max).
            """,
        ["failover"] = """
            A job that runs for an hour is started; the worker process running it is killed with SIGKILL; the time is
            measured until the job is running on another worker (ampd: kill → the `RUNNING` event of the new node;
            pg-boss: kill → the task handler starting in the other process). The killed worker is restarted before
            the next kill. Each cell: median of the kills (min–max); the max is the worst kill.
            """,
        ["fleet"] = """
            `bench/FleetSim` opens N sessions like `ampd worker` does (its own unpooled lock connection per worker,
            `pg_try_advisory_lock`, `WorkerRegistration.RegisterAsync`) and beats every second with
            `WorkerRepository.HeartbeatAsync`, the same code the real worker runs, at random phases. The fleet grows
            step by step in one process (no jobs, no LISTEN connections). After a warm-up each step is measured in
            windows of two phases: heartbeats alone, then heartbeats while one client calls `GET /workers` on an
            `ampd controller` back to back. **beat** = duration of one heartbeat statement as the simulator sees it;
            **late** = beats over 1 s or failed (a real worker fences itself at 3 s); **PG CPU** = CPU time of the
            postmaster and every backend (from /proc) over the phase, in cores. This machine has 2 cores, shared by
            PostgreSQL, the simulator, the controller and whatever else runs. Each cell: median of the windows (min–max).
            """,
        ["admin"] = """
            N rows are inserted into `workers` by SQL (no live sessions, so every worker lists as inactive; the
            query still checks `pg_locks` for each). `GET /workers` on the controller is loaded with wrk; the floor
            beside it is the same SELECT (taken from `WorkerRepository` at run time) run directly with pgbench
            with the same concurrency. Each cell: median of the runs (min–max).
            """,
    };

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["p50_ms"] = "p50 ms",
        ["p99_ms"] = "p99 ms",
        ["max_ms"] = "max ms",
        ["db_p50_ms"] = "p50 ms (DB events)",
        ["db_p99_ms"] = "p99 ms (DB events)",
        ["stuck"] = "not started in 30 s",
        ["jobs_per_s"] = "jobs/s",
        ["enqueue_per_s"] = "enqueue/s",
        ["total_s"] = "total s",
        ["failover_ms"] = "kill → running, ms",
        ["detect_ms"] = "kill → rescheduled, ms",
        ["dispatch_ms"] = "rescheduled → running, ms",
        ["req_per_s"] = "requests/s",
        ["beat_p50_ms"] = "beat p50 ms",
        ["beat_p99_ms"] = "beat p99 ms",
        ["beat_max_ms"] = "beat max ms",
        ["beats_per_s"] = "beats/s",
        ["late_beats"] = "late beats",
        ["pg_cpu_cores"] = "PG CPU, cores",
        ["sim_cpu_cores"] = "simulator CPU, cores",
        ["controller_cpu_cores"] = "controller CPU, cores",
        ["api_p50_ms"] = "GET /workers p50 ms",
        ["api_p99_ms"] = "GET /workers p99 ms",
        ["api_req_per_s"] = "GET /workers req/s (1 client)",
        ["beat_p99_api_ms"] = "beat p99 ms during GET loop",
        ["connect_and_register_s"] = "connect + register, s",
        ["registrations_per_s"] = "registrations/s",
        ["pg_backends"] = "PostgreSQL backends",
        ["pg_private_memory_mib"] = "backends' private memory, MiB",
        ["pg_private_kib_per_backend"] = "private KiB per backend",
        ["pg_cpu_api_cores"] = "PG CPU during GET loop, cores",
    };

    public static int Run(Args a)
    {
        var dir = a.Str("in");
        var machine = ReadMachine(a.Str("machine"));
        var parts = new Dictionary<string, List<ResultRow>>();
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var part = PartResult.Read(file);
                if (!parts.TryGetValue(part.Part, out var rows))
                    parts[part.Part] = rows = [];
                rows.AddRange(part.Rows);
            }
            catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or InvalidDataException)
            {
                missing.Add($"{Path.GetFileName(file)}: {ex.Message}");
            }
        }

        var md = new StringBuilder();
        var quick = a.Flag("quick");
        md.AppendLine(CultureInfo.InvariantCulture, $"# Benchmarks {machine.GetValueOrDefault("date", "?")}{(quick ? " (quick smoke run: small sizes, not comparable)" : "")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Written by `{machine.GetValueOrDefault("command", "bench/run.sh")}` in {machine.GetValueOrDefault("duration", "?")} at commit `{machine.GetValueOrDefault("commit", "?")}`. What the figures mean and what limits them: [docs/benchmarks.md](../../docs/benchmarks.md).");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        foreach (var (key, label) in new[]
                 {
                     ("cpu", "CPU"), ("cores", "Cores"), ("memory", "Memory"), ("kernel", "Kernel"), ("postgres", "PostgreSQL"),
                     ("postgres_settings", "PostgreSQL settings"), ("dotnet", ".NET"), ("node", "Node.js (peers)"),
                     ("load_start", "Load average at start (1, 5, 15 min)"), ("load_end", "Load average at end"),
                 })
            md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {machine.GetValueOrDefault(key, "?")} |");
        md.AppendLine();
        md.AppendLine("Everything ran on this one machine over loopback: PostgreSQL on a Unix socket, the Admin API on 127.0.0.1.");
        md.AppendLine();
        md.AppendLine("## Systems measured in this run");
        md.AppendLine();
        md.AppendLine("| System | Version | Source |");
        md.AppendLine("|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ampd (this project) | {machine.GetValueOrDefault("ampd_version", "?")} | `dotnet build -c Release` of src/Ampd |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| graphile-worker | {machine.GetValueOrDefault("graphile_version", "?")} | npm, bench/peers/node/package-lock.json |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| pg-boss | {machine.GetValueOrDefault("pgboss_version", "?")} | npm, bench/peers/node/package-lock.json |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Hangfire + Hangfire.PostgreSql | {machine.GetValueOrDefault("hangfire_version", "?")} | NuGet, bench/peers/Hangfire |");
        md.AppendLine();

        var targets = QueueTargets(parts).ToList();
        if (targets.Count > 0)
        {
            md.AppendLine("## Summary: the job-queue targets");
            md.AppendLine();
            foreach (var line in targets)
                md.AppendLine("- " + line);
            md.AppendLine();
        }

        var n = 0;
        foreach (var part in PartOrder.Concat(parts.Keys.Except(PartOrder)))
        {
            if (!parts.TryGetValue(part, out var rows))
            {
                if (PartOrder.Contains(part))
                    md.AppendLine(CultureInfo.InvariantCulture, $"## {++n}. {Titles[part]}\n\nNot run.\n");
                continue;
            }
            md.AppendLine(CultureInfo.InvariantCulture, $"## {++n}. {Titles.GetValueOrDefault(part, part)}");
            md.AppendLine();
            if (How.TryGetValue(part, out var how))
                md.AppendLine(how.Trim()).AppendLine();
            RenderTable(md, rows, part);
            if (part == "failover")
                md.AppendLine().AppendLine(FailoverDefaults.Trim());
            md.AppendLine();
        }
        if (missing.Count > 0)
        {
            md.AppendLine("## Unreadable result files");
            md.AppendLine();
            foreach (var m in missing)
                md.AppendLine(CultureInfo.InvariantCulture, $"- {m}");
        }
        File.WriteAllText(a.Str("out"), md.ToString());
        Console.Error.WriteLine($"wrote {a.Str("out")}");
        return 0;
    }

    /// <summary>
    /// Issue 14's job-queue targets, from this run: ≥ 1,000 jobs/s with one <c>POST /jobs</c> per job (8 clients,
    /// 4 workers), the batch form beside the peers' bulk inserts, and a dispatch p50 no worse than graphile-worker's.
    /// </summary>
    private static IEnumerable<string> QueueTargets(Dictionary<string, List<ResultRow>> parts)
    {
        static double? Med(List<ResultRow>? rows, string label, string key) =>
            rows?.FirstOrDefault(r => r.Label == label && r.Error is null)?.Metrics.GetValueOrDefault(key) is { Count: > 0 } v ? Stats.Median(v) : null;
        var throughput = parts.GetValueOrDefault("throughput");
        if (Med(throughput, "ampd", "jobs_per_s") is { } single)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"`POST /jobs`, one job per request, 8 clients, 4 workers: **{single:N0} jobs/s** (target ≥ 1,000: {(single >= 1000 ? "met" : $"missed by {1000 - single:N0} jobs/s")}).");
        if (Med(throughput, "ampd (batch POST)", "jobs_per_s") is { } batch)
        {
            var peers = string.Join(", ", new[] { "graphile-worker", "pg-boss" }
                .Select(p => (p, Med(throughput, p, "jobs_per_s")))
                .Where(x => x.Item2 is not null)
                .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.p} {x.Item2:N0}")));
            yield return string.Create(CultureInfo.InvariantCulture,
                $"`POST /jobs` with arrays of 500 (one transaction and one NOTIFY per array): **{batch:N0} jobs/s**, beside the peers' bulk inserts: {(peers.Length > 0 ? peers : "not run")} jobs/s.");
        }
        if (Med(throughput, "ampd", "jobs_per_s") is { } s1 && s1 < 1000
            && Med(throughput, "ampd", "enqueue_per_s") is { } e1
            && Med(throughput, "ampd (batch POST)", "jobs_per_s") is { } b1
            && Med(throughput, "ampd (batch POST)", "enqueue_per_s") is { } be)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Why the 1,000 jobs/s target is missed: with one job per request, jobs are enqueued at {e1:N0}/s — the rate of the whole run, so the requests are the limit: ")
                + "each is an HTTP request and two PostgreSQL round trips ending in a commit that waits for its WAL flush (synchronous_commit on), "
                + "on 2 cores shared by the controller, 4 workers, PostgreSQL and the 8 clients. "
                + string.Create(CultureInfo.InvariantCulture, $"With arrays of 500 the same controller enqueues {be:N0} jobs/s, and the workers become the limit at {b1:N0} jobs/s: ")
                + "claims are batched, but each job's end is a transaction of its own with its event (a fenced compare-and-set on the claiming "
                + "incarnation), so a no-op job costs a commit on the worker side; batching those ends is the next step.";
        var latency = parts.GetValueOrDefault("latency");
        if (Med(latency, "ampd", "p50_ms") is { } p50)
        {
            var graphile = Med(latency, "graphile-worker", "p50_ms");
            yield return graphile is { } g
                ? string.Create(CultureInfo.InvariantCulture,
                    $"Dispatch p50 (enqueue → running, idle fleet): ampd **{p50:F1} ms** vs graphile-worker {g:F1} ms (target ≤ graphile-worker's: {(p50 <= g ? "met" : $"missed by {p50 - g:F1} ms")}).")
                : string.Create(CultureInfo.InvariantCulture, $"Dispatch p50: ampd {p50:F1} ms; graphile-worker did not run.");
        }
    }

    // Parts whose metrics are printed as several tables: (caption, metric keys).
    private static readonly Dictionary<string, (string Caption, string[] Keys)[]> Groups = new()
    {
        ["fleet"] =
        [
            ("Heartbeats alone:", ["beats_per_s", "beat_p50_ms", "beat_p99_ms", "beat_max_ms", "late_beats", "pg_cpu_cores", "sim_cpu_cores"]),
            ("While one client calls `GET /workers` back to back:", ["api_p50_ms", "api_p99_ms", "api_req_per_s", "beat_p99_api_ms", "pg_cpu_api_cores", "controller_cpu_cores"]),
        ],
    };

    private static void RenderTable(StringBuilder md, List<ResultRow> rows, string part)
    {
        var all = rows.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        if (Groups.TryGetValue(part, out var groups))
        {
            foreach (var (caption, keys) in groups)
            {
                md.AppendLine(caption).AppendLine();
                RenderMetrics(md, rows, part, keys.Where(all.Contains).ToList());
            }
            var rest = all.Except(groups.SelectMany(g => g.Keys)).ToList();
            if (rest.Count > 0)
                RenderMetrics(md, rows, part, rest);
            RenderPooled(md, rows, "Growing the fleet to N (new workers connecting and registering, 16 at a time, while the others beat):");
            RenderNotes(md, rows.Select(r => new ResultRow { Label = r.Label, Settings = r.Settings, Error = r.Error, Notes = r.Notes }).ToList());
            return;
        }
        else
            RenderMetrics(md, rows, part, all);
        RenderNotes(md, rows);
    }

    private static void RenderMetrics(StringBuilder md, List<ResultRow> rows, string part, List<string> keys)
    {
        var sampleWord = part switch { "failover" => "kills", "fleet" => "windows", _ => "runs" };
        md.Append(CultureInfo.InvariantCulture, $"| {(part == "fleet" ? "Fleet" : "System")} | {sampleWord} |");
        foreach (var k in keys)
            md.Append(CultureInfo.InvariantCulture, $" {Headers.GetValueOrDefault(k, k)} |");
        md.AppendLine();
        md.Append("|---|---:|");
        foreach (var _ in keys)
            md.Append("---:|");
        md.AppendLine();
        foreach (var row in rows)
        {
            var count = row.Metrics.Values.Select(v => v.Count).DefaultIfEmpty(0).Max();
            md.Append(CultureInfo.InvariantCulture, $"| {row.Label} | {(row.Error is null ? count.ToString(CultureInfo.InvariantCulture) : "failed")} |");
            foreach (var k in keys)
                md.Append(CultureInfo.InvariantCulture, $" {Cell(row.Metrics.GetValueOrDefault(k))} |");
            md.AppendLine();
        }
        md.AppendLine();
    }

    private static void RenderPooled(StringBuilder md, List<ResultRow> rows, string caption)
    {
        var keys = rows.SelectMany(r => r.Pooled.Keys).Distinct().ToList();
        if (keys.Count == 0)
            return;
        md.AppendLine(caption).AppendLine();
        md.Append("| |");
        foreach (var k in keys)
            md.Append(CultureInfo.InvariantCulture, $" {Headers.GetValueOrDefault(k, k)} |");
        md.AppendLine().Append("|---|");
        foreach (var _ in keys)
            md.Append("---:|");
        md.AppendLine();
        foreach (var row in rows)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {row.Label} |");
            foreach (var k in keys)
                md.Append(CultureInfo.InvariantCulture, $" {(row.Pooled.TryGetValue(k, out var v) ? Fmt(v) : "–")} |");
            md.AppendLine();
        }
        md.AppendLine();
    }

    private static void RenderNotes(StringBuilder md, List<ResultRow> rows)
    {
        foreach (var row in rows)
        {
            if (row.Error is null && row.Settings is null && row.Pooled.Count == 0 && row.Notes.Count == 0)
                continue;
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"- **{row.Label}**");
            if (row.Error is not null)
                line.Append(CultureInfo.InvariantCulture, $": FAILED: {row.Error}.");
            if (row.Settings is not null)
                line.Append(CultureInfo.InvariantCulture, $" {row.Settings}.");
            if (row.Pooled.Count > 0)
                line.Append(" Pooled over all samples: ").Append(string.Join(", ", row.Pooled.Select(p => $"{Headers.GetValueOrDefault(p.Key, p.Key.Replace('_', ' '))} {Fmt(p.Value)}"))).Append('.');
            foreach (var note in row.Notes)
                line.Append(' ').Append(note);
            md.AppendLine(line.ToString());
        }
    }

    private static string Cell(List<double>? values)
    {
        if (values is null || values.Count == 0)
            return "–";
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
            return "–";
        if (finite.Count == 1)
            return Fmt(finite[0]);
        return $"{Fmt(Stats.Median(finite))} ({Fmt(finite.Min())}–{Fmt(finite.Max())})";
    }

    private static string Fmt(double v) => Math.Abs(v) switch
    {
        _ when v == Math.Floor(v) && Math.Abs(v) < 1e9 => v.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => v.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        _ => v.ToString("0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>The <c>key=value</c> lines bench/run.sh writes about the machine and the run (machine.env).</summary>
    internal static Dictionary<string, string> ReadMachine(string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return result;
        foreach (var line in File.ReadAllLines(path))
        {
            var eq = line.IndexOf('=');
            if (eq > 0)
                result[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        return result;
    }

    private const string FailoverDefaults = """
        Documented default rescue times beside it (from the peers' sources, shared/reference/peers.md):

        | System | When a dead worker's running job runs again, by default |
        |---|---|
        | ampd | the 1 s fencing grace after the worker's session ends (its advisory lock is released; the worker itself cancels its jobs within milliseconds), checked every 0.25 s; if the session stays open but heartbeats stop (a hung process, a network partition) after the 30 s inactive threshold |
        | graphile-worker (OSS) | after 4 hours: `get_job` treats `locked_at` older than a hard-coded `interval '4 hours'` as expired; no worker heartbeat. Not measured (a run would take 4 h). Worker Pro: heartbeat 1 min, sweep 3 min, threshold default 4 h |
        | pg-boss 12 | without job heartbeats, when the job expires: `expireInSeconds` default 15 min; with `heartbeatSeconds` (≥ 10, off by default) after the heartbeat timeout plus up to the supervise/monitor interval (60 s by default), then the next poll. Measured above with the fastest settings |
        | Hangfire + Hangfire.PostgreSql | after `InvisibilityTimeout` (30 min by default) the queue row can be fetched again, on the next poll (`QueuePollInterval` 15 s by default); a crash is not counted as an attempt. Not measured: shortening the timeout below a job's run time makes live long jobs run twice unless `UseSlidingInvisibilityTimeout` is on |
        """;
}
