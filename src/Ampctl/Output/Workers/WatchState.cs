using System.Diagnostics;
using Amp.AdminClient;
using Amp.AdminClient.Workers;

namespace Ampctl.Output.Workers;

/// <summary>
/// What <c>worker watch</c> shows between polls: the last answer that arrived, when, and the last error if the
/// latest poll failed (the last good list is kept and shown with it).
/// </summary>
internal sealed class WatchState
{
    private long _fetchedAt;

    public WorkerList? Workers { get; private set; }

    public DateTimeOffset? RefreshedAt { get; private set; }

    public AdminApiError? Error { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>Time since the shown list arrived, for ages that keep ticking between polls.</summary>
    public TimeSpan SinceFetch => Workers is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_fetchedAt);

    public void Update(AdminResult<WorkerList> result, DateTimeOffset now)
    {
        if (result.IsSuccess)
        {
            Workers = result.Value;
            RefreshedAt = now;
            _fetchedAt = Stopwatch.GetTimestamp();
            Error = null;
            FailedAt = null;
        }
        else
        {
            Error = result.Error;
            FailedAt = now;
        }
    }
}
