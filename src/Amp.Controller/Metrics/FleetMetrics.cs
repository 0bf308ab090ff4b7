using Amp.Core.Workers;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Workers;
using Prometheus;

namespace Amp.Controller.Metrics;

/// <summary>
/// Fleet metrics computed at scrape time from the same liveness query the API uses:
/// amp_workers{status}, amp_worker_heartbeat_age_seconds{node_id,version}, amp_worker_info{node_id,version,commit_sha},
/// amp_worker_restarts_total{node_id}, amp_worker_duplicate_starts_total, amp_metadata_db_up.
/// </summary>
public sealed partial class FleetMetrics
{
    private readonly WorkerRepository _workers;
    private readonly DuplicateStartRepository _duplicates;
    private readonly ControllerOptions _options;
    private readonly ILogger<FleetMetrics> _logger;
    private readonly Gauge _byStatus;
    private readonly Gauge _heartbeatAge;
    private readonly Gauge _info;
    private readonly Gauge _draining;
    private readonly Counter _restarts;
    private readonly Counter _duplicateStarts;
    private readonly Gauge _dbUp;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private HashSet<string[]> _ageLabels = new(LabelComparer.Instance);
    private HashSet<string[]> _infoLabels = new(LabelComparer.Instance);
    private HashSet<string[]> _nodeLabels = new(LabelComparer.Instance);

    public FleetMetrics(WorkerRepository workers, DuplicateStartRepository duplicates, ControllerOptions options, ILogger<FleetMetrics> logger, CollectorRegistry registry)
    {
        _workers = workers;
        _duplicates = duplicates;
        _options = options;
        _logger = logger;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _byStatus = factory.CreateGauge("amp_workers", "Workers by status (active, stalled, inactive); retired workers excluded.", "status");
        _heartbeatAge = factory.CreateGauge("amp_worker_heartbeat_age_seconds", "Age of the worker's last heartbeat, by the database clock.", "node_id", "version");
        _info = factory.CreateGauge("amp_worker_info", "Build of each worker (value 1).", "node_id", "version", "commit_sha");
        _draining = factory.CreateGauge("amp_worker_draining", "1 when the worker is draining (takes no new jobs).", "node_id");
        _restarts = factory.CreateCounter("amp_worker_restarts_total", "Registrations of the node ID after its first (restarts and reconnects).", "node_id");
        _duplicateStarts = factory.CreateCounter("amp_worker_duplicate_starts_total", "Worker starts refused because their node ID was in use.");
        _dbUp = factory.CreateGauge("amp_metadata_db_up", "1 when the metadata database answered the last scrape.");
        registry.AddBeforeCollectCallback(ScrapeBudget.Bound(RefreshAsync, options.DbTimeout, () => _dbUp.Set(0)));
    }

    /// <summary>
    /// Refreshes the fleet series before a scrape. The database work has its own deadline, shorter than the API's
    /// request deadline, so a hung database still gives a complete scrape with <c>amp_metadata_db_up 0</c> in time.
    /// </summary>
    private async Task RefreshAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.DbTimeout * 0.6);
        try
        {
            await _refresh.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _dbUp.Set(0);
            return; // another scrape is still waiting for the database
        }
        try
        {
            var workers = await _workers.ListAsync(WorkerFilter.None, _options.Liveness, deadline.Token).ConfigureAwait(false);
            var (dupTotal, _) = await _duplicates.CountAsync(null, deadline.Token).ConfigureAwait(false);
            Publish(workers, dupTotal);
            _dbUp.Set(1);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _dbUp.Set(0);
            RefreshFailed(_logger, deadline.IsCancellationRequested ? "the metadata database did not answer in time" : DbErrors.Describe(ex));
        }
        finally
        {
            _refresh.Release();
        }
    }

    private void Publish(IReadOnlyList<WorkerRecord> workers, long duplicateStarts)
    {
        foreach (var status in Enum.GetValues<WorkerStatus>())
            _byStatus.WithLabels(status.ToWire()).Set(workers.Count(w => w.Status == status));

        var ageLabels = new HashSet<string[]>(LabelComparer.Instance);
        var infoLabels = new HashSet<string[]>(LabelComparer.Instance);
        var nodeLabels = new HashSet<string[]>(LabelComparer.Instance);
        foreach (var w in workers)
        {
            string[] age = [w.NodeId.Value, w.Info.Version];
            string[] info = [w.NodeId.Value, w.Info.Version, w.Info.CommitSha];
            string[] node = [w.NodeId.Value];
            _heartbeatAge.WithLabels(age).Set(w.HeartbeatAgeMs / 1000.0);
            _info.WithLabels(info).Set(1);
            _draining.WithLabels(node).Set(w.DrainingSince is null ? 0 : 1);
            _restarts.WithLabels(node).IncTo(w.Restarts);
            ageLabels.Add(age);
            infoLabels.Add(info);
            nodeLabels.Add(node);
        }
        RemoveStale(_heartbeatAge, _ageLabels, ageLabels);
        RemoveStale(_info, _infoLabels, infoLabels);
        foreach (var gone in _nodeLabels.Where(l => !nodeLabels.Contains(l)))
        {
            _draining.RemoveLabelled(gone);
            _restarts.RemoveLabelled(gone);
        }
        _ageLabels = ageLabels;
        _infoLabels = infoLabels;
        _nodeLabels = nodeLabels;
        _duplicateStarts.IncTo(duplicateStarts);
    }

    private static void RemoveStale(Gauge gauge, HashSet<string[]> previous, HashSet<string[]> current)
    {
        foreach (var labels in previous.Where(l => !current.Contains(l)))
            gauge.RemoveLabelled(labels);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh fleet metrics ({reason}); amp_metadata_db_up is 0")]
    private static partial void RefreshFailed(ILogger logger, string reason);

    private sealed class LabelComparer : IEqualityComparer<string[]>
    {
        public static readonly LabelComparer Instance = new();
        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);
        public int GetHashCode(string[] obj) => obj.Aggregate(17, (h, s) => h * 31 + StringComparer.Ordinal.GetHashCode(s));
    }
}
