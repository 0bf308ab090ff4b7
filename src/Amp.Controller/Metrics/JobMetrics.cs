using Amp.Core.Jobs;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Jobs;
using Prometheus;

namespace Amp.Controller.Metrics;

/// <summary>
/// Job metrics, computed at scrape time from the metadata database so every controller reports the same figures:
/// amp_jobs{status}, amp_jobs_scheduled_backlog, amp_jobs_scheduled_oldest_age_seconds (gauges);
/// amp_job_failovers_total{kind}, amp_job_retries_total{kind}, amp_job_fatal_total{kind} (counters);
/// amp_job_run_duration_seconds{kind,outcome} and amp_job_dispatch_latency_seconds{kind} (histograms). The counters
/// and histograms follow <c>job_events</c> from where the last scrape stopped.
/// </summary>
public sealed partial class JobMetrics
{
    private static readonly string[] Outcomes = ["COMPLETED", "STOPPED", "ERROR", "FATAL"];

    private readonly JobMetricsRepository _repository;
    private readonly ILogger<JobMetrics> _logger;
    private readonly TimeSpan _dbTimeout;
    private readonly Gauge _byStatus;
    private readonly Gauge _backlog;
    private readonly Gauge _oldest;
    private readonly Counter _failovers;
    private readonly Counter _retries;
    private readonly Counter _fatal;
    private readonly Histogram _runDuration;
    private readonly Histogram _dispatchLatency;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private long _lastEventId;

    public JobMetrics(JobMetricsRepository repository, ControllerOptions options, ILogger<JobMetrics> logger, CollectorRegistry registry)
    {
        _repository = repository;
        _logger = logger;
        _dbTimeout = options.DbTimeout;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _byStatus = factory.CreateGauge("amp_jobs", "Jobs by status (SCHEDULED, RUNNING, …, FATAL).", "status");
        _backlog = factory.CreateGauge("amp_jobs_scheduled_backlog", "Jobs waiting in SCHEDULED for a worker to take them.");
        _oldest = factory.CreateGauge("amp_jobs_scheduled_oldest_age_seconds", "How long the oldest SCHEDULED job has waited, by the database clock (0 when none).");
        _failovers = factory.CreateCounter("amp_job_failovers_total", "Jobs moved off an inactive worker.", "kind");
        _retries = factory.CreateCounter("amp_job_retries_total", "Jobs scheduled again after a retryable error.", "kind");
        _fatal = factory.CreateCounter("amp_job_fatal_total", "Jobs that ended FATAL (not retried, or out of attempts).", "kind");
        _runDuration = factory.CreateHistogram("amp_job_run_duration_seconds", "From RUNNING to the end of that run (COMPLETED, STOPPED, ERROR, FATAL).",
            new HistogramConfiguration { LabelNames = ["kind", "outcome"], Buckets = Histogram.ExponentialBuckets(0.5, 4, 10) });
        _dispatchLatency = factory.CreateHistogram("amp_job_dispatch_latency_seconds", "From SCHEDULED to RUNNING on a worker.",
            new HistogramConfiguration { LabelNames = ["kind"], Buckets = Histogram.ExponentialBuckets(0.01, 3, 10) });
        foreach (var status in Enum.GetValues<JobStatus>())
            _byStatus.WithLabels(status.ToWire()).Set(0);
        foreach (var kind in JobDescriptor.Kinds)
        {
            _failovers.WithLabels(kind);
            _retries.WithLabels(kind);
            _fatal.WithLabels(kind);
            _dispatchLatency.WithLabels(kind);
            foreach (var outcome in Outcomes)
                _runDuration.WithLabels(kind, outcome);
        }
        registry.AddBeforeCollectCallback(ScrapeBudget.Bound(RefreshAsync, _dbTimeout));
    }

    /// <summary>
    /// Refreshes the job series before a scrape, within a deadline shorter than the API's request deadline: a hung
    /// database leaves the last values (and amp_metadata_db_up 0 from the fleet metrics), never a failed scrape.
    /// </summary>
    private async Task RefreshAsync(CancellationToken scrape)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(scrape);
        deadline.CancelAfter(_dbTimeout * 0.6);
        var ct = deadline.Token;
        try
        {
            await _refresh.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!scrape.IsCancellationRequested)
        {
            return; // another scrape is still waiting for the database
        }
        try
        {
            var counts = await _repository.CountByStatusAsync(ct).ConfigureAwait(false);
            foreach (var status in Enum.GetValues<JobStatus>())
                _byStatus.WithLabels(status.ToWire()).Set(counts.GetValueOrDefault(status.ToWire()));
            var (backlog, oldest) = await _repository.BacklogAsync(ct).ConfigureAwait(false);
            _backlog.Set(backlog);
            _oldest.Set(oldest);
            foreach (var e in await _repository.EventsAfterAsync(_lastEventId, ct).ConfigureAwait(false))
            {
                Observe(e);
                _lastEventId = e.Id;
            }
        }
        catch (Exception ex) when (!scrape.IsCancellationRequested)
        {
            RefreshFailed(_logger, ct.IsCancellationRequested ? "the metadata database did not answer in time" : DbErrors.Describe(ex));
        }
        finally
        {
            _refresh.Release();
        }
    }

    private void Observe(JobMetricEvent e)
    {
        switch (e.EventType)
        {
            case "SCHEDULED" when e.Reason == "failover":
                _failovers.WithLabels(e.Kind).Inc();
                break;
            case "SCHEDULED" when e.Reason == "retry":
                _retries.WithLabels(e.Kind).Inc();
                break;
            case "RUNNING" when e.DispatchSeconds is { } dispatch:
                _dispatchLatency.WithLabels(e.Kind).Observe(Math.Max(0, dispatch));
                break;
        }
        if (e.EventType == "FATAL")
            _fatal.WithLabels(e.Kind).Inc();
        if (e.RunSeconds is { } run)
            _runDuration.WithLabels(e.Kind, e.EventType).Observe(Math.Max(0, run));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh job metrics ({reason})")]
    private static partial void RefreshFailed(ILogger logger, string reason);
}
