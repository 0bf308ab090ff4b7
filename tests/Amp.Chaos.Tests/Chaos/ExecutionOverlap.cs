using System.Globalization;
using System.Text.Json;

namespace Amp.Chaos.Tests.Chaos;

/// <summary>
/// Reads the workers' execution journals (when each job's code really ran, per process, on the host's monotonic
/// clock) and finds any two executions of one job that overlapped in time. An execution whose process was killed
/// before it wrote its end ended at the kill; one whose process still runs ends now.
/// </summary>
public static class ExecutionOverlap
{
    public sealed record Execution(long JobId, string NodeId, long Epoch, int Pid, long StartNs, long EndNs);

    public static IReadOnlyList<Execution> Read(string directory, IReadOnlyDictionary<int, long> killedAtNs, long nowNs)
    {
        var executions = new List<Execution>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl"))
        {
            var open = new Dictionary<(long Job, long Epoch), (string Node, int Pid, long Start)>();
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
            {
                JsonElement e;
                try
                {
                    e = JsonDocument.Parse(line).RootElement;
                }
                catch (JsonException)
                {
                    continue; // the last line of a killed process may be cut
                }
                var key = (e.GetProperty("job_id").GetInt64(), e.GetProperty("epoch").GetInt64());
                var at = e.GetProperty("mono_ns").GetInt64();
                if (e.GetProperty("event").GetString() == "start")
                    open[key] = (e.GetProperty("node_id").GetString()!, e.GetProperty("pid").GetInt32(), at);
                else if (open.Remove(key, out var started))
                    executions.Add(new Execution(key.Item1, started.Node, key.Item2, started.Pid, started.Start, at));
            }
            foreach (var ((job, epoch), (node, pid, start)) in open)
                executions.Add(new Execution(job, node, epoch, pid, start, killedAtNs.TryGetValue(pid, out var killed) ? killed : nowNs));
        }
        return executions;
    }

    /// <summary>Every pair of executions of one job that overlapped, described for a failure message.</summary>
    public static IReadOnlyList<string> Overlaps(IEnumerable<Execution> executions)
    {
        var problems = new List<string>();
        foreach (var job in executions.GroupBy(e => e.JobId))
        {
            var ordered = job.OrderBy(e => e.StartNs).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var (a, b) = (ordered[i - 1], ordered[i]);
                if (b.StartNs < a.EndNs)
                    problems.Add(string.Create(CultureInfo.InvariantCulture,
                        $"job {job.Key}: {a.NodeId} (pid {a.Pid}, epoch {a.Epoch}) still ran {(a.EndNs - b.StartNs) / 1e6:0.0} ms after {b.NodeId} (pid {b.Pid}, epoch {b.Epoch}) started it"));
            }
        }
        return problems;
    }
}
