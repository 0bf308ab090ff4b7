using Amp.Core.Jobs;
using Amp.Core.Storage;
using Amp.Datasets.Manifests;
using Amp.Datasets.Providers;
using Amp.Extraction.Errors;
using Amp.Extraction.Evm.Tables;
using Amp.Extraction.Rpc;
using Amp.MetadataDb.Datasets;
using Amp.Worker.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amp.Extraction.Job;

/// <summary>
/// The <c>materialize-raw</c> job kind (reference §5): loads the manifest and a provider for its network, takes the
/// active revisions of <c>blocks</c>, <c>transactions</c> and <c>logs</c>, runs the consistency check, resolves the end
/// block and runs <see cref="ExtractionLoop"/>. RPC failures end the job ERROR (retried) or FATAL by
/// <see cref="ExtractionException.IsRetryable"/>, with the block in the message.
/// </summary>
public sealed class MaterializeRawJob(MaterializeRawSettings settings, NpgsqlDataSource db, TimeProvider time, ILoggerFactory loggers) : IJobKind
{
    private readonly IObjectStore _data = new LocalObjectStore(settings.DataDir);
    private readonly IObjectStore _manifests = new LocalObjectStore(settings.ManifestsDir);
    private readonly ProviderStore _providers = new(new LocalObjectStore(settings.ProvidersDir));
    private readonly ManifestFileRepository _manifestFiles = new(db);
    private readonly PhysicalTableRepository _physicalTables = new(db);
    private readonly FileMetadataRepository _files = new(db);
    private readonly ILogger _logger = loggers.CreateLogger<MaterializeRawJob>();

    /// <summary>The job asked for block verification (reference §5.13), which is not implemented: FATAL rather than unverified data.</summary>
    public const string VerifyNotSupported = "VERIFY_NOT_SUPPORTED";

    public string Kind => MaterializeRawDescriptor.KindName;

    public async Task RunAsync(JobDescriptor descriptor, IJobContext context, CancellationToken ct)
    {
        var job = (MaterializeRawDescriptor)descriptor;
        var dataset = $"{job.DatasetNamespace}/{job.DatasetName}@{job.ManifestHash[..7]}";
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["job_id"] = context.JobId.Value, ["dataset"] = dataset });
        try
        {
            await RunJobAsync(job, dataset, context, ct).ConfigureAwait(false);
        }
        catch (ExtractionException ex) when (!ct.IsCancellationRequested)
        {
            var at = ex.Block is { } b ? $" at block {b}" : "";
            _logger.LogError(ex, "Extraction of {Dataset} failed{At}: {Code}", dataset, at, ex.Code);
            throw new JobFailedException(ex.Code, $"extraction of {dataset} failed{at}: {ex.Message}", ex.IsRetryable, ex);
        }
    }

    private async Task RunJobAsync(MaterializeRawDescriptor job, string dataset, IJobContext context, CancellationToken ct)
    {
        if (job.Verify)
            throw new JobFailedException(VerifyNotSupported,
                "verify = true is not supported: this worker does not verify block hashes, transactions roots or receipts roots (reference §5.13); "
                + "redeploy the dataset without --verify", retryable: false);
        var manifest = await LoadManifestAsync(job, ct).ConfigureAwait(false);
        var provider = await _providers.ChooseAsync(RawManifest.EvmRpcKind, manifest.Network, Environment.GetEnvironmentVariable, Random.Shared, ct)
            .ConfigureAwait(false) switch
        {
            ProviderChoice.Found found => found.Provider,
            ProviderChoice.None none => throw new JobFailedException("NO_PROVIDER_FOR_NETWORK", none.Message, retryable: true),
            var unknown => throw new InvalidOperationException($"unknown provider choice {unknown}"),
        };

        var tables = new List<RawTable>();
        foreach (var (name, schema) in EvmTables.All)
        {
            var revision = await _physicalTables.GetOrCreateActiveAsync(job.DatasetNamespace, job.DatasetName, job.ManifestHash, name, context.JobId, ct)
                .ConfigureAwait(false);
            var table = new RawTable(name, schema, revision);
            await ConsistencyCheck.RunAsync(_data, _files, table, _logger, ct).ConfigureAwait(false);
            tables.Add(table);
            _logger.LogInformation("Table {Table} writes revision {Revision} (location {Location}, {How})",
                name, revision.Path, revision.Id, revision.Created ? "new" : "reused");
        }

        using var client = new EvmRpcClient(ProviderOptions.Of(provider), time);
        var tag = manifest.FinalizedBlocksOnly ? HeadTag.Finalized : HeadTag.Latest;
        if (await client.GetHeadAsync(tag, ct).ConfigureAwait(false) is not { } head)
        {
            _logger.LogInformation("Provider {Provider} has no {Tag} block: nothing to extract", provider, tag);
            return;
        }
        var end = EndBlockResolver.Resolve(job.EndBlock, manifest.StartBlock, head.Value);
        _logger.LogInformation("Extracting {Dataset} from {Provider}: blocks {Start}..{End} (head {Head}), parallelism {Parallelism}",
            dataset, provider, manifest.StartBlock, end?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "continuous", head, job.MaxWriters);

        var stats = new ExtractionStats();
        var fence = new CommitFence(context.JobId, context.NodeId, context.Epoch);
        var committer = new SegmentCommitter(_files, _data, fence, stats, _logger);
        var pieces = new PieceExtractor(client, _data, tables, manifest.Network, committer, stats, settings, time, _logger);
        var loop = new ExtractionLoop(client, _files, tables, pieces, stats, settings, time, _logger);
        var progress = new ProgressReporter(context, _files, tables, manifest.StartBlock, end, stats, settings, time, _logger);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reporting = progress.RunAsync(cts.Token);
        var extracting = loop.RunAsync(manifest.StartBlock, end, tag, job.MaxWriters, cts.Token);
        var first = await Task.WhenAny(extracting, reporting).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        var other = first == extracting ? reporting : extracting;
        try
        {
            await other.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // stopped by the cancellation above: the end block was reached, or the first task failed
        }
        await first.ConfigureAwait(false);
        await progress.ReportAsync(ct).ConfigureAwait(false);
    }

    private async Task<RawManifest> LoadManifestAsync(MaterializeRawDescriptor job, CancellationToken ct)
    {
        var hash = Datasets.Identity.ManifestHash.Parse(job.ManifestHash);
        var stored = await _manifestFiles.GetAsync(hash, ct).ConfigureAwait(false)
            ?? throw new JobFailedException("MANIFEST_NOT_FOUND", $"manifest {hash.Value} is not registered", retryable: false);
        var bytes = await _manifests.ReadAllBytesAsync(stored.Path, ct).ConfigureAwait(false)
            ?? throw new JobFailedException("MANIFEST_NOT_FOUND", $"manifest {hash.Value} is registered but missing from manifests_dir", retryable: false);
        if (!RawManifest.TryParse(bytes, out var manifest, out var error))
            throw new JobFailedException("INVALID_MANIFEST", $"manifest {hash.Value}: {error}", retryable: false);
        return manifest!;
    }
}
