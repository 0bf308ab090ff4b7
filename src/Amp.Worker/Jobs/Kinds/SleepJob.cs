using System.Text.Json.Nodes;
using Amp.Core.Jobs;

namespace Amp.Worker.Jobs.Kinds;

/// <summary>
/// The diagnostic kind <c>{"kind":"sleep","seconds":N}</c>: sleeps N seconds, reports progress each second,
/// honours stop, and with <c>"fail":"error"|"fatal"</c> fails at the end, so operators can test a fleet
/// (dispatch, stop, retries, failover) without a chain.
/// </summary>
public sealed class SleepJob(TimeProvider time) : IJobKind
{
    public string Kind => SleepDescriptor.KindName;

    public async Task RunAsync(JobDescriptor descriptor, IJobContext context, CancellationToken ct)
    {
        var sleep = (SleepDescriptor)descriptor;
        var started = time.GetTimestamp();
        var total = TimeSpan.FromSeconds(sleep.Seconds);
        await context.ReportProgressAsync(Progress(0, sleep.Seconds), ct).ConfigureAwait(false);
        while (true)
        {
            var elapsed = time.GetElapsedTime(started);
            if (elapsed >= total)
                break;
            var step = TimeSpan.FromSeconds(Math.Floor(elapsed.TotalSeconds) + 1) - elapsed;
            await Task.Delay(step < total - elapsed ? step : total - elapsed, time, ct).ConfigureAwait(false);
            var done = Math.Min(sleep.Seconds, (int)Math.Round(time.GetElapsedTime(started).TotalSeconds));
            await context.ReportProgressAsync(Progress(done, sleep.Seconds), ct).ConfigureAwait(false);
        }
        switch (sleep.Fail)
        {
            case SleepFailure.Error:
                throw new JobFailedException("SLEEP_FAILED", $"sleep job failed after {sleep.Seconds}s as asked (\"fail\":\"error\")", retryable: true);
            case SleepFailure.Fatal:
                throw new JobFailedException("SLEEP_FAILED_FATAL", $"sleep job failed after {sleep.Seconds}s as asked (\"fail\":\"fatal\")", retryable: false);
        }
    }

    private static JsonObject Progress(int elapsed, int total) => new() { ["elapsed_seconds"] = elapsed, ["total_seconds"] = total };
}
