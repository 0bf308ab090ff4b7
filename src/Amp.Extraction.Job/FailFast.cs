using System.Runtime.ExceptionServices;

namespace Amp.Extraction.Job;

/// <summary>A join that cancels the others at the first failure and rethrows that failure, not the cancellations it caused.</summary>
internal static class FailFast
{
    public static async Task WhenAllAsync(IReadOnlyList<Task> tasks, CancellationTokenSource cancelOthers)
    {
        var pending = tasks.ToList();
        Exception? first = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.Exception is { } failed && first is null)
            {
                first = failed.InnerException ?? failed;
                await cancelOthers.CancelAsync().ConfigureAwait(false);
            }
            else if (done.IsCanceled && first is null)
            {
                await cancelOthers.CancelAsync().ConfigureAwait(false);
            }
        }
        if (first is not null)
            ExceptionDispatchInfo.Throw(first);
        foreach (var t in tasks)
            await t.ConfigureAwait(false); // surfaces a cancellation
    }
}
