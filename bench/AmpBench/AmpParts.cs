using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amp.Bench.Common;
using Npgsql;

namespace Amp.Bench;

/// <summary>Dispatch latency, throughput and failover of ampd: controller and workers as real processes.</summary>
internal static class AmpParts
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static AmpSystem Create(Args a) =>
        new(a.Str("ampd"), a.Str("db"), a.Int("port", 16100), a.Str("logs", "."));

    /// <summary>
    /// 1 controller + 1 worker; jobs {"kind":"sleep","seconds":0} posted one at a time, each after the previous one
    /// started plus a short gap, so the fleet is idle at every enqueue. Latency from the database's own events
    /// (RUNNING.created_at − SCHEDULED.created_at) and from the client (POST sent → RUNNING.created_at, same clock).
    /// </summary>
    public static async Task<int> LatencyAsync(Args a)
    {
        var runs = a.Int("runs", 5);
        var jobs = a.Int("jobs", 1000);
        var gap = TimeSpan.FromMilliseconds(a.Dbl("gap-ms", 5));
        var row = new ResultRow
        {
            Label = "ampd",
            Settings = "ampd controller + 1 ampd worker (separate processes); POST /jobs {\"kind\":\"sleep\",\"seconds\":0}; dispatch by NOTIFY on job_actions to the assigned worker's LISTEN connection; defaults otherwise",
        };
        await using var sys = Create(a);
        await sys.StartControllerAsync(StartTimeout);
        await sys.StartWorkerAsync("bench-w1", StartTimeout);
        await using var poll = await sys.Db.OpenConnectionAsync();

        for (var i = 0; i < 20; i++) // warm-up: JIT, pools, plans
        {
            await WaitStartedAsync(poll, await PostAsync(sys, """{"kind":"sleep","seconds":0}"""));
            await Task.Delay(gap);
        }

        var allDb = new List<double>();
        var allClient = new List<double>();
        var stuckTotal = 0;
        for (var r = 0; r < runs; r++)
        {
            var sent = new List<(long Id, DateTime At)>(jobs);
            var stuck = 0;
            for (var i = 0; i < jobs; i++)
            {
                var at = DateTime.UtcNow;
                var id = await PostAsync(sys, """{"kind":"sleep","seconds":0}""");
                sent.Add((id, at));
                try
                {
                    await WaitStartedAsync(poll, id);
                }
                catch (TimeoutException ex)
                {
                    // Reported and counted; its latency is whatever the events say once it runs (or the timeout).
                    stuck++;
                    Console.Error.WriteLine(ex.Message);
                    if (stuckTotal + stuck == 1)
                        row.Notes.Add($"First job not started within {StartedTimeout.TotalSeconds:0} s: job {id}.");
                }
                await Task.Delay(gap);
            }
            stuckTotal += stuck;
            var times = await EventTimesAsync(sys.Db, sent.Select(s => s.Id).ToArray());
            var dbMs = new List<double>();
            var clientMs = new List<double>();
            foreach (var (id, at) in sent)
            {
                if (!times.TryGetValue(id, out var t) || t.Scheduled is null)
                    throw new InvalidOperationException($"job {id} has no SCHEDULED event");
                var running = t.Running ?? at + StartedTimeout; // never ran: counted at the timeout, a lower bound
                dbMs.Add((running - t.Scheduled.Value).TotalMilliseconds);
                clientMs.Add((running - at).TotalMilliseconds);
            }
            row.Add("p50_ms", Stats.Percentile(clientMs, 50));
            row.Add("p99_ms", Stats.Percentile(clientMs, 99));
            row.Add("max_ms", clientMs.Max());
            row.Add("db_p50_ms", Stats.Percentile(dbMs, 50));
            row.Add("db_p99_ms", Stats.Percentile(dbMs, 99));
            row.Add("stuck", stuck);
            allDb.AddRange(dbMs);
            allClient.AddRange(clientMs);
            Console.Error.WriteLine($"ampd latency run {r + 1}/{runs}: client p50 {Stats.Percentile(clientMs, 50):F2} ms p99 {Stats.Percentile(clientMs, 99):F2} ms; db p50 {Stats.Percentile(dbMs, 50):F2} ms p99 {Stats.Percentile(dbMs, 99):F2} ms");
        }
        row.Pooled["jobs"] = allClient.Count;
        row.Pooled["p50_ms"] = Stats.Round(Stats.Percentile(allClient, 50), 3);
        row.Pooled["p99_ms"] = Stats.Round(Stats.Percentile(allClient, 99), 3);
        row.Pooled["max_ms"] = Stats.Round(allClient.Max(), 3);
        row.Pooled["db_p50_ms"] = Stats.Round(Stats.Percentile(allDb, 50), 3);
        row.Pooled["db_p99_ms"] = Stats.Round(Stats.Percentile(allDb, 99), 3);
        row.Pooled["stuck"] = stuckTotal;
        new PartResult { Part = "latency", Rows = [row] }.Write(a.Str("out"));
        return 0;
    }

    /// <summary>
    /// 1 controller + 4 workers; N no-op jobs posted as fast as 8 concurrent clients can, one job per request (or with
    /// --batch B by one client as arrays of B, like the peers' bulk inserts); time from the first POST until the
    /// last job is COMPLETED.
    /// </summary>
    public static async Task<int> ThroughputAsync(Args a)
    {
        var runs = a.Int("runs", 5);
        var jobs = a.Int("jobs", 2000);
        var workers = a.Int("workers", 4);
        var clients = a.Int("clients", 8);
        var batch = a.Int("batch", 0);
        var row = new ResultRow
        {
            Label = batch > 0 ? "ampd (batch POST)" : "ampd",
            Settings = batch > 0
                ? $"ampd controller + {workers} ampd worker processes (jobs run concurrently, pool 10 per process); jobs posted as JSON arrays of {batch} (POST /jobs with an array: one transaction and one NOTIFY per request), one client; each job: claim, progress, finish (2 events + 1 progress write)"
                : $"ampd controller + {workers} ampd worker processes (jobs run concurrently, pool 10 per process); jobs posted by {clients} concurrent HTTP clients, one POST /jobs per job; each job: claim, progress, finish (2 events + 1 progress write)",
        };
        await using var sys = Create(a);
        await sys.StartControllerAsync(StartTimeout);
        for (var w = 1; w <= workers; w++)
            await sys.StartWorkerAsync($"bench-t{w}", StartTimeout);

        await PostAndDrainAsync(sys, 100, clients, batch); // warm-up
        for (var r = 0; r < runs; r++)
        {
            var (total, enqueue) = await PostAndDrainAsync(sys, jobs, clients, batch);
            row.Add("jobs_per_s", jobs / total.TotalSeconds);
            row.Add("enqueue_per_s", jobs / enqueue.TotalSeconds);
            row.Add("total_s", total.TotalSeconds);
            Console.Error.WriteLine($"ampd throughput run {r + 1}/{runs}: {jobs / total.TotalSeconds:F0} jobs/s (enqueue {jobs / enqueue.TotalSeconds:F0}/s)");
        }
        new PartResult { Part = "throughput", Rows = [row] }.Write(a.Str("out"));
        return 0;
    }

    private static async Task<(TimeSpan Total, TimeSpan Enqueue)> PostAndDrainAsync(AmpSystem sys, int jobs, int clients, int batch)
    {
        var ids = new ConcurrentBag<long>();
        var sw = Stopwatch.StartNew();
        if (batch > 0)
        {
            // Like the peers' bulk inserts: one client, one request per batch.
            for (var done = 0; done < jobs; done += batch)
            {
                var n = Math.Min(batch, jobs - done);
                var body = "[" + string.Join(",", Enumerable.Repeat("""{"kind":"sleep","seconds":0}""", n)) + "]";
                foreach (var id in await PostBatchAsync(sys, body))
                    ids.Add(id);
            }
        }
        else
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, jobs), new ParallelOptions { MaxDegreeOfParallelism = clients },
                async (_, ct) => ids.Add(await PostAsync(sys, """{"kind":"sleep","seconds":0}""")));
        }
        var enqueue = sw.Elapsed;
        var (min, max) = (ids.Min(), ids.Max());
        await using var conn = await sys.Db.OpenConnectionAsync();
        while (true)
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE status <> 'COMPLETED'), count(*) FILTER (WHERE status IN ('ERROR', 'FATAL', 'STOPPED')) FROM jobs_status WHERE job_id BETWEEN $1 AND $2", conn);
            cmd.Parameters.AddWithValue(min);
            cmd.Parameters.AddWithValue(max);
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (open, failed) = (reader.GetInt64(0), reader.GetInt64(1));
            if (failed > 0)
                throw new InvalidOperationException($"{failed} jobs ended in ERROR/FATAL/STOPPED");
            if (open == 0)
                return (sw.Elapsed, enqueue);
            if (sw.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"{open} of {jobs} jobs not completed after 5 minutes");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// 1 controller + 3 workers; a long sleep job runs on one, that worker is killed with SIGKILL, and the time until the
    /// job is RUNNING on another worker is measured (kill → RUNNING event of the new node). The killed worker is
    /// restarted (same node ID) before the next kill.
    /// </summary>
    public static async Task<int> FailoverAsync(Args a)
    {
        var kills = a.Int("kills", 20);
        var row = new ResultRow
        {
            Label = "ampd",
            Settings = "ampd controller + 3 ampd workers; job {\"kind\":\"sleep\",\"seconds\":3600}; kill -9 of the worker running it; defaults: supervisor pass every 0.25 s; jobs of a worker whose advisory lock is gone (session ended) move after the 1 s fencing grace, of a worker with no heartbeat for 30 s at once",
        };
        await using var sys = Create(a);
        await sys.StartControllerAsync(StartTimeout);
        string[] nodes = ["bench-f1", "bench-f2", "bench-f3"];
        foreach (var n in nodes)
            await sys.StartWorkerAsync(n, StartTimeout);
        await using var poll = await sys.Db.OpenConnectionAsync();

        for (var k = 0; k < kills; k++)
        {
            var id = await PostAsync(sys, """{"kind":"sleep","seconds":3600,"max_attempts":1000}""");
            var (victim, _) = await WaitStatusAsync(poll, id, (node, status) => status == "RUNNING", TimeSpan.FromSeconds(30));
            var child = sys.Workers[victim];
            var killedAt = DateTime.UtcNow;
            child.Kill9();
            var (rescuer, _) = await WaitStatusAsync(poll, id, (node, status) => node != victim && status == "RUNNING", TimeSpan.FromSeconds(120));
            var observed = DateTime.UtcNow;

            DateTime? rescheduled = null, running = null;
            await using (var cmd = new NpgsqlCommand("SELECT event_type, node_id, created_at, COALESCE(context->>'reason', detail->>'reason') FROM job_events WHERE job_id = $1 ORDER BY id", poll))
            {
                cmd.Parameters.AddWithValue(id);
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var (type, node, at) = (reader.GetString(0), reader.GetString(1), reader.GetDateTime(2));
                    var reason = reader.IsDBNull(3) ? null : reader.GetString(3);
                    if (rescheduled is null && type == "SCHEDULED" && reason == "failover")
                        rescheduled = at;
                    else if (rescheduled is not null && running is null && type == "RUNNING" && node == rescuer)
                        running = at;
                }
            }
            if (rescheduled is null || running is null)
                throw new InvalidOperationException($"job {id}: no failover SCHEDULED / RUNNING events found");
            row.Add("failover_ms", (running.Value - killedAt).TotalMilliseconds);
            row.Add("detect_ms", (rescheduled.Value - killedAt).TotalMilliseconds);
            row.Add("dispatch_ms", (running.Value - rescheduled.Value).TotalMilliseconds);
            Console.Error.WriteLine($"ampd failover {k + 1}/{kills}: {victim} -> {rescuer} in {(running.Value - killedAt).TotalMilliseconds:F0} ms (observed {(observed - killedAt).TotalMilliseconds:F0} ms)");

            using (var stop = await sys.Api.PutAsync($"/jobs/{id}/stop", null))
                stop.EnsureSuccessStatusCode();
            await child.Process.WaitForExitAsync();
            await sys.StartWorkerAsync(victim, StartTimeout);
        }
        new PartResult { Part = "failover", Rows = [row] }.Write(a.Str("out"));
        return 0;
    }

    private static async Task<long> PostAsync(AmpSystem sys, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await sys.Api.PostAsync("/jobs", content);
        if ((int)response.StatusCode != 202)
            throw new InvalidOperationException($"POST /jobs answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var doc = await response.Content.ReadFromJsonAsync<JsonElement>();
        return doc.GetProperty("job_id").GetInt64();
    }

    private static async Task<long[]> PostBatchAsync(AmpSystem sys, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await sys.Api.PostAsync("/jobs", content);
        if ((int)response.StatusCode != 202)
            throw new InvalidOperationException($"POST /jobs (array) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var doc = await response.Content.ReadFromJsonAsync<JsonElement>();
        return doc.GetProperty("job_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
    }

    private static readonly TimeSpan StartedTimeout = TimeSpan.FromSeconds(30);

    private static async Task WaitStartedAsync(NpgsqlConnection conn, long id) =>
        await WaitStatusAsync(conn, id, (_, status) => status is "RUNNING" or "COMPLETED" or "ERROR" or "FATAL", StartedTimeout, pollMs: 1);

    private static async Task<(string Node, string Status)> WaitStatusAsync(NpgsqlConnection conn, long id, Func<string, string, bool> done, TimeSpan timeout, int pollMs = 5)
    {
        var sw = Stopwatch.StartNew();
        await using var cmd = new NpgsqlCommand("SELECT node_id, status FROM jobs_status WHERE job_id = $1", conn);
        cmd.Parameters.AddWithValue(id);
        while (true)
        {
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                if (await reader.ReadAsync())
                {
                    var (node, status) = (reader.GetString(0), reader.GetString(1));
                    if (done(node, status))
                        return (node, status);
                }
            }
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"job {id} did not reach the expected state within {timeout.TotalSeconds}s");
            await Task.Delay(pollMs);
        }
    }

    private static async Task<Dictionary<long, (DateTime? Scheduled, DateTime? Running)>> EventTimesAsync(NpgsqlDataSource db, long[] ids)
    {
        await using var cmd = db.CreateCommand("""
            SELECT job_id,
                   min(created_at) FILTER (WHERE event_type = 'SCHEDULED'),
                   min(created_at) FILTER (WHERE event_type = 'RUNNING')
            FROM job_events WHERE job_id = ANY($1) GROUP BY job_id
            """);
        cmd.Parameters.AddWithValue(ids);
        var result = new Dictionary<long, (DateTime?, DateTime?)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            result[reader.GetInt64(0)] = (reader.IsDBNull(1) ? null : reader.GetDateTime(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2));
        return result;
    }
}
