using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Amp.Bench.Common;
using Amp.MetadataDb.Workers;
using Npgsql;

namespace Amp.Bench;

/// <summary>
/// GET /workers with 1,000 and 10,000 registered workers (rows inserted by SQL), loaded with wrk, beside the very
/// SELECT the API runs (read from WorkerRepository) driven directly by pgbench as the floor.
/// </summary>
internal static partial class AdminPart
{
    public static async Task<int> RunAsync(Args a)
    {
        var sizes = a.Ints("sizes", "1000,10000");
        var runs = a.Int("runs", 5);
        var duration = a.Int("duration", 5);
        var connectionCounts = a.Str("connections", "8,100,500").Split(',').Select(int.Parse).ToArray();
        var threads = a.Int("threads", 2);
        var wrk = a.Opt("wrk");
        var pgbench = a.Str("pgbench");
        var logs = a.Str("logs", ".");
        var pgHost = a.Str("pg-host");
        var pgDb = a.Str("pg-db");

        await using var sys = new AmpSystem(a.Str("ampd"), a.Str("db"), a.Int("port", 16100), logs);
        await sys.MigrateAsync();
        await sys.StartControllerAsync(TimeSpan.FromSeconds(60));

        var script = Path.Combine(logs, "workers-select.sql");
        await File.WriteAllTextAsync(script, WorkersSelectForPgbench() + ";\n");
        var result = new PartResult { Part = "admin" };
        foreach (var size in sizes)
        {
            await SeedAsync(sys.Db, size);
            using (var check = await sys.Api.GetAsync("/workers"))
            {
                var body = await check.Content.ReadAsStringAsync();
                if (!check.IsSuccessStatusCode)
                    throw new InvalidOperationException($"GET /workers answered {(int)check.StatusCode}");
                var count = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("workers").GetArrayLength();
                if (count != size)
                    throw new InvalidOperationException($"GET /workers listed {count} workers, expected {size}");
                Console.Error.WriteLine($"admin: {size} workers, GET /workers body {body.Length / 1024.0:F0} KiB");
            }
            for (var i = 0; i < 10; i++)
                using (await sys.Api.GetAsync("/workers")) { }

            foreach (var connections in connectionCounts)
            {
                var api = new ResultRow
                {
                    Label = $"GET /workers, {size:N0} workers, {connections} clients",
                    Settings = $"wrk -t{threads} -c{connections} -d{duration}s --latency against ampd controller on 127.0.0.1 (status, build info and timestamps of every worker; concurrent identical reads share one snapshot <= 100 ms old)",
                };
                if (wrk is null)
                    api.Error = "wrk not installed (apt-get install wrk)";
                else
                {
                    for (var r = 0; r < runs; r++)
                    {
                        var (rps, p50, p99, failedShare) = await RunWrkAsync(wrk, threads, connections, duration, $"http://127.0.0.1:{sys.ApiPort}/workers");
                        api.Add("req_per_s", rps);
                        api.Add("non_2xx_pct", failedShare * 100);
                        api.Add("p50_ms", p50);
                        api.Add("p99_ms", p99);
                        Console.Error.WriteLine($"admin wrk {size} x{connections} run {r + 1}/{runs}: {rps:F1} req/s, p99 {p99:F2} ms");
                    }
                }
                result.Rows.Add(api);
            }
            var floorConnections = connectionCounts[0];

            var floor = new ResultRow
            {
                Label = $"same SELECT via pgbench, {size:N0} workers",
                Settings = $"pgbench -n -M extended -c{floorConnections} -j{threads} -T{duration} -f workers-select.sql (WorkerRepository's SELECT with the API's parameters inlined)",
            };
            for (var r = 0; r < runs; r++)
            {
                var (tps, p50, p99) = await RunPgbenchAsync(pgbench, pgHost, pgDb, script, threads, floorConnections, duration, Path.Combine(logs, $"pgbench-{size}-{r}"));
                floor.Add("req_per_s", tps);
                floor.Add("p50_ms", p50);
                floor.Add("p99_ms", p99);
                Console.Error.WriteLine($"admin pgbench {size} run {r + 1}/{runs}: {tps:F1} tps, p99 {p99:F2} ms");
            }
            result.Rows.Add(floor);
        }
        result.Write(a.Str("out"));
        return 0;
    }

    /// <summary>The SELECT behind GET /workers, with the API's default parameters written in as literals.</summary>
    private static string WorkersSelectForPgbench()
    {
        var field = typeof(WorkerRepository).GetField("SelectSql", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("WorkerRepository.SelectSql not found; update bench/AmpBench/AdminPart.cs");
        var sql = (string)field.GetRawConstantValue()!;
        // $1 node filter (none), $2/$3 active/inactive thresholds in ms (defaults 5 s / 30 s), $4 status filter,
        // $5 version filter, $6 include_retired, $7 cursor, $8 limit.
        string[] values = ["NULL::text", "5000::bigint", "30000::bigint", "NULL::text", "NULL::text", "false", "NULL::text", "NULL::integer"];
        for (var i = values.Length; i >= 1; i--)
            sql = sql.Replace($"${i}", values[i - 1], StringComparison.Ordinal);
        return sql;
    }

    private static async Task SeedAsync(NpgsqlDataSource db, int size)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "TRUNCATE job_events, jobs_status, jobs, worker_incarnations, worker_duplicate_starts, workers RESTART IDENTITY CASCADE"));
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO workers (node_id, info, created_at, registered_at, heartbeat_at, epoch)
            SELECT 'worker-' || lpad(g::text, 5, '0'),
                   jsonb_build_object('version', 'v0.1.' || (g % 3), 'commit_sha', md5(g::text) || md5((g + 1)::text),
                                      'commit_timestamp', '2026-11-01T12:00:00Z', 'build_date', '2026-11-02'),
                   now() - interval '2 days', now() - (g % 600) * interval '1 second',
                   now() - (g % 90) * interval '1 second', 1 + g % 4
            FROM generate_series(1, $1) g
            """);
        insert.Parameters.AddWithValue(size);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("ANALYZE workers"));
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Requests/s and latency of all answers, and the share of them that were not 2xx (503s under overload).</summary>
    private static async Task<(double Rps, double P50, double P99, double FailedShare)> RunWrkAsync(string wrk, int threads, int connections, int duration, string url)
    {
        var output = await RunAsync(wrk, [$"-t{threads}", $"-c{connections}", $"-d{duration}s", "--timeout", "30s", "--latency", url]);
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var total = Regex.Match(output, @"(\d+) requests in");
        var failed = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)");
        var share = failed.Success && total.Success ? double.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) / double.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (rps, WrkPercentile(output, "50%"), WrkPercentile(output, "99%"), share);
    }

    private static double WrkPercentile(string output, string label)
    {
        var m = Regex.Match(output, @"^\s*" + Regex.Escape(label) + @"\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!m.Success)
            throw new InvalidOperationException($"wrk output has no {label} line:\n{output}");
        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "ms" => v, "s" => v * 1000, _ => v * 60_000 };
    }

    private static async Task<(double Tps, double P50, double P99)> RunPgbenchAsync(string pgbench, string host, string db, string script,
        int threads, int connections, int duration, string logPrefix)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(logPrefix))!;
        foreach (var old in Directory.EnumerateFiles(dir, Path.GetFileName(logPrefix) + ".*"))
            File.Delete(old);
        var output = await RunAsync(pgbench, ["-n", "-M", "extended", "-h", host, "-U", "postgres", "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-j", threads.ToString(CultureInfo.InvariantCulture), "-T", duration.ToString(CultureInfo.InvariantCulture), "-f", script, "-l",
            "--log-prefix", logPrefix, db]);
        var tps = double.Parse(Tps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var latencies = new List<double>();
        foreach (var file in Directory.EnumerateFiles(dir, Path.GetFileName(logPrefix) + ".*"))
        {
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                var f = line.Split(' ');
                if (f.Length >= 3 && double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var us))
                    latencies.Add(us / 1000.0);
            }
            File.Delete(file);
        }
        if (latencies.Count == 0)
            throw new InvalidOperationException($"pgbench wrote no transaction log:\n{output}");
        return (tps, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }

    private static async Task<string> RunAsync(string exe, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var text = await stdout + await stderr;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{exe} exited with {p.ExitCode}:\n{text}");
        return text;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"tps = ([\d.]+)")]
    private static partial Regex Tps();
}
