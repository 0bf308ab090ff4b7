using System.Diagnostics;
using System.Text;
using Amp.Core.Jobs;
using Amp.Core.Workers;

namespace Amp.Worker.Jobs;

/// <summary>
/// An optional diagnostic record of when each job really ran in this process: one JSON line when a job's code
/// starts and one when it has returned, with the system-wide monotonic clock (CLOCK_MONOTONIC, comparable across
/// processes of one host). The ledger says who owned a job; the journal says who ran it, which is what proves
/// that no job ever ran on two processes at once. Off unless <c>jobs.execution_journal</c> names a directory.
/// </summary>
public sealed class ExecutionJournal : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _gate = new();

    private ExecutionJournal(FileStream file) => _file = file;

    /// <summary>Opens <c>&lt;directory&gt;/&lt;node&gt;-&lt;pid&gt;.jsonl</c> for appending.</summary>
    public static ExecutionJournal Open(string directory, NodeId nodeId)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{nodeId.Value}-{Environment.ProcessId}.jsonl");
        return new ExecutionJournal(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
    }

    /// <summary>Nanoseconds on the host's monotonic clock.</summary>
    public static long MonotonicNanoseconds() => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    public void Started(JobId job, NodeId node, Epoch epoch) => Write(job, node, epoch, "start");

    public void Ended(JobId job, NodeId node, Epoch epoch) => Write(job, node, epoch, "end");

    private void Write(JobId job, NodeId node, Epoch epoch, string what)
    {
        var line = $"{{\"job_id\":{job.Value},\"node_id\":\"{node.Value}\",\"epoch\":{epoch.Value},\"pid\":{Environment.ProcessId},\"event\":\"{what}\",\"mono_ns\":{MonotonicNanoseconds()}}}\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            _file.Write(bytes);
            _file.Flush(flushToDisk: false);
        }
    }

    public void Dispose() => _file.Dispose();
}
