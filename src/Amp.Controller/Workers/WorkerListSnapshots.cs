using System.Collections.Concurrent;
using Amp.MetadataDb.Workers;

namespace Amp.Controller.Workers;

/// <summary>
/// One answer of GET /workers: the rows, when the database computed them, and the response body serialised once
/// (at fleet scale writing the JSON costs more than the query; concurrent readers share the bytes too).
/// </summary>
public sealed record WorkerListSnapshot(IReadOnlyList<WorkerRecord> Workers, long StartedAt, byte[] Body);

/// <summary>
/// Serves concurrent identical GET /workers requests from one database round trip. A snapshot is reused while it
/// is younger than <see cref="MaxAge"/> (a tenth of the heartbeat interval) and no state-changing request was
/// served since; the response headers say how old it is. Hundreds of dashboards and scripts polling a fleet of
/// thousands then cost ten queries a second instead of one each.
/// </summary>
public sealed class WorkerListSnapshots(WorkerRepository workers, ControllerOptions options, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(100);
    private const int MaxEntries = 64;

    private sealed record Entry(long Generation, long StartedAt, Lazy<Task<WorkerListSnapshot>> Load);

    private readonly ConcurrentDictionary<WorkerFilter, Entry> _entries = new();
    private long _generation;

    /// <summary>Called around every state-changing request: later reads see its effect.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    public TimeSpan AgeOf(WorkerListSnapshot snapshot) => time.GetElapsedTime(snapshot.StartedAt);

    public async Task<WorkerListSnapshot> GetAsync(WorkerFilter filter, CancellationToken ct)
    {
        while (true)
        {
            var generation = Volatile.Read(ref _generation);
            _entries.TryGetValue(filter, out var current);
            if (current is not null && Usable(current, generation))
                return await current.Load.Value.WaitAsync(ct).ConfigureAwait(false);
            var started = time.GetTimestamp();
            var fresh = new Entry(generation, started, new Lazy<Task<WorkerListSnapshot>>(() => LoadAsync(filter, started)));
            var installed = current is null ? _entries.TryAdd(filter, fresh) : _entries.TryUpdate(filter, fresh, current);
            if (!installed)
                continue;
            Prune();
            return await fresh.Load.Value.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private bool Usable(Entry entry, long generation)
    {
        if (entry.Generation != generation)
            return false;
        if (!entry.Load.IsValueCreated || !entry.Load.Value.IsCompleted)
            return true; // in flight: join it
        return entry.Load.Value.IsCompletedSuccessfully && time.GetElapsedTime(entry.StartedAt) <= MaxAge;
    }

    /// <summary>The query runs on its own deadline: one waiting client that goes away does not cancel it for the others.</summary>
    private async Task<WorkerListSnapshot> LoadAsync(WorkerFilter filter, long started)
    {
        using var deadline = new CancellationTokenSource(options.DbTimeout);
        var list = await workers.ListAsync(filter, options.Liveness, deadline.Token).ConfigureAwait(false);
        var next = filter.Limit is { } size && list.Count == size ? list[^1].NodeId.Value : null;
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new WorkerListResponse(list.Select(w => new WorkerResponse(w)).ToList(), next), AdminApi.JsonOptions);
        return new WorkerListSnapshot(list, started, body);
    }

    private void Prune()
    {
        if (_entries.Count <= MaxEntries)
            return;
        foreach (var (key, entry) in _entries)
            if (time.GetElapsedTime(entry.StartedAt) > MaxAge)
                _entries.TryRemove(new KeyValuePair<WorkerFilter, Entry>(key, entry));
    }
}
