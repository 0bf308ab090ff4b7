using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Datasets;
using Prometheus;
using Segments = Amp.DataStore.Segments;

namespace Amp.Controller.Metrics;

/// <summary>
/// What extraction jobs have written, computed at scrape time from the registered files of every table's active
/// revision, so the figures are fleet-wide and survive any crash or failover (a file counts once it is committed):
/// amp_extraction_files, amp_extraction_bytes, amp_extraction_blocks {kind,dataset,table};
/// amp_extraction_latest_block {dataset,table} (the end of the contiguous canonical chain, Amp's <c>current_block</c>)
/// and amp_extraction_chain_head {dataset} (the head the writing job last reported), so the lag is
/// <c>amp_extraction_chain_head - on(dataset) group_right amp_extraction_latest_block</c>. The worker's own meter
/// (<c>Amp.Extraction</c>: rows, blocks, files and bytes per job kind, RPC requests, errors, latency, retries) is exported
/// where the worker runs. There is no rows gauge here: a file's row count is stored only inside its Parquet footer
/// (<c>footer_cache</c>), not in a column this scrape could sum.
/// </summary>
public sealed partial class ExtractionMetrics
{
    private readonly ExtractionMetricsRepository _repository;
    private readonly FileMetadataRepository _files;
    private readonly ILogger<ExtractionMetrics> _logger;
    private readonly TimeSpan _dbTimeout;
    private readonly Gauge _fileCount;
    private readonly Gauge _bytes;
    private readonly Gauge _blocks;
    private readonly Gauge _latest;
    private readonly Gauge _head;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Dictionary<Gauge, HashSet<string>> _published = [];

    public ExtractionMetrics(ExtractionMetricsRepository repository, FileMetadataRepository files, ControllerOptions options,
        ILogger<ExtractionMetrics> logger, CollectorRegistry registry)
    {
        _repository = repository;
        _files = files;
        _logger = logger;
        _dbTimeout = options.DbTimeout;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _fileCount = factory.CreateGauge("amp_extraction_files", "Parquet files registered in the table's active revision.", "kind", "dataset", "table");
        _bytes = factory.CreateGauge("amp_extraction_bytes", "Bytes of the Parquet files registered in the table's active revision.", "kind", "dataset", "table");
        _blocks = factory.CreateGauge("amp_extraction_blocks", "Blocks covered by the registered files (re-extracted blocks of a reorg count again).", "kind", "dataset", "table");
        _latest = factory.CreateGauge("amp_extraction_latest_block", "End of the table's contiguous canonical chain (Amp's current_block).", "dataset", "table");
        _head = factory.CreateGauge("amp_extraction_chain_head", "The provider's chain head as the job writing the dataset last reported it, while that job is scheduled or running.", "dataset");
        registry.AddBeforeCollectCallback(ScrapeBudget.Bound(RefreshAsync, _dbTimeout));
    }

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
            var current = new Dictionary<Gauge, HashSet<string>>();
            void Set(Gauge gauge, double value, params string[] labels)
            {
                gauge.WithLabels(labels).Set(value);
                if (!current.TryGetValue(gauge, out var set))
                    current[gauge] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(string.Join('\u0001', labels));
            }

            var tables = await _repository.ActiveTablesAsync(ct).ConfigureAwait(false);
            foreach (var group in tables.GroupBy(t => (t.Dataset, t.Table, t.Kind)))
            {
                Set(_fileCount, group.Sum(t => t.Files), group.Key.Kind, group.Key.Dataset, group.Key.Table);
                Set(_bytes, group.Sum(t => t.Bytes), group.Key.Kind, group.Key.Dataset, group.Key.Table);
                Set(_blocks, group.Sum(t => t.Blocks), group.Key.Kind, group.Key.Dataset, group.Key.Table);
            }
            foreach (var group in tables.GroupBy(t => (t.Dataset, t.Table)))
            {
                long? latest = null;
                foreach (var t in group.Where(t => t.Files > 0))
                {
                    var segments = (await _files.ListAsync(t.Location, ct).ConfigureAwait(false)).Select(f => f.Segment);
                    if (Segments.TableProgress.Of(segments, datasetStartBlock: null).CurrentBlock is { } block)
                        latest = Math.Max(latest ?? 0, (long)block);
                }
                if (latest is { } value)
                    Set(_latest, value, group.Key.Dataset, group.Key.Table);
            }
            foreach (var group in tables.Where(t => t.ChainHead is not null).GroupBy(t => t.Dataset))
                Set(_head, group.Max(t => t.ChainHead!.Value), group.Key);

            foreach (var (gauge, previous) in _published)
                foreach (var gone in previous.Where(l => !current.TryGetValue(gauge, out var now) || !now.Contains(l)))
                    gauge.RemoveLabelled(gone.Split('\u0001'));
            _published.Clear();
            foreach (var (gauge, set) in current)
                _published[gauge] = set;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh extraction metrics ({reason})")]
    private static partial void RefreshFailed(ILogger logger, string reason);
}
