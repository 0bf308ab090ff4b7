using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Amp.Datasets.Manifests;
using Amp.MetadataDb.Datasets;
using Amp.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Amp.Extraction.Job.Tests.Support;

/// <summary>
/// One dataset over a JSON-RPC endpoint on the test database: storage directories, the provider and the registered
/// manifest, a worker row and a RUNNING materialize-raw job claimed by it, as the worker would have them.
/// </summary>
internal sealed class JobHarness : IDisposable
{
    public const string Namespace = "_";
    public static readonly Epoch Epoch = new(1);

    private readonly DirectoryInfo _root;

    private JobHarness(MetadataDbFixture db, DirectoryInfo root, string name, string manifestHash, JobId job)
    {
        Db = db;
        _root = root;
        Name = name;
        ManifestHash = manifestHash;
        Job = job;
    }

    public MetadataDbFixture Db { get; }

    /// <summary>The worker that owns the job (one per harness, so tests can move its epoch).</summary>
    public NodeId Node => NodeId.FromTrusted("w-" + Name);

    public string Name { get; }

    public string ManifestHash { get; }

    public JobId Job { get; }

    public string DataDir => Path.Combine(_root.FullName, "data");

    public MaterializeRawSettings Settings => new(DataDir, Path.Combine(_root.FullName, "providers"), Path.Combine(_root.FullName, "manifests"))
    {
        PollInterval = TimeSpan.FromMilliseconds(100),
        ProgressInterval = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>The Parquet files of a table, every revision.</summary>
    public string TableGlob(string table) => Path.Combine(DataDir, Namespace, Name, table, "*", "*.parquet");

    public static async Task<JobHarness> CreateAsync(MetadataDbFixture db, Uri rpcUrl, bool finalizedBlocksOnly = false)
    {
        var root = Directory.CreateTempSubdirectory("amp-extraction-job-");
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        foreach (var dir in new[] { "data", "providers", "manifests" })
            Directory.CreateDirectory(Path.Combine(root.FullName, dir));
        await File.WriteAllTextAsync(Path.Combine(root.FullName, "providers", "anvil.toml"),
            $"kind = \"evm-rpc\"\nnetwork = \"anvil\"\nurl = \"{rpcUrl}\"\n");
        var manifest = ManifestGenerator.EvmRpc("anvil", 0, finalizedBlocksOnly);
        await File.WriteAllBytesAsync(Path.Combine(root.FullName, "manifests", manifest.Hash.Value), manifest.ToCanonicalBytes());
        await new ManifestFileRepository(db.Db.DataSource).InsertAsync(manifest.Hash, manifest.Hash.Value, manifest.Kind, CancellationToken.None);

        var node = "w-" + name;
        await db.ExecuteAsync("INSERT INTO workers (node_id, epoch) VALUES ($1, $2)", node, Epoch.Value);
        var descriptor = Descriptor(name, manifest.Hash.Value, null, 1);
        var job = await db.ScalarAsync<long>("INSERT INTO jobs (idempotency_key, node_id, descriptor) VALUES ($1, $2, $3::jsonb) RETURNING id",
            descriptor.IdempotencyKey, node, descriptor.ToJson().ToJsonString());
        await db.ExecuteAsync("INSERT INTO jobs_status (job_id, node_id, epoch, status) VALUES ($1, $2, $3, 'RUNNING')", job, node, Epoch.Value);
        return new JobHarness(db, root, name, manifest.Hash.Value, new JobId(job));
    }

    public MaterializeRawDescriptor Descriptor(EndBlock? end, int parallelism = 1) => Descriptor(Name, ManifestHash, end, parallelism);

    private static MaterializeRawDescriptor Descriptor(string name, string hash, EndBlock? end, int parallelism) =>
        new(Namespace, name, hash, end, parallelism, Verify: false);

    /// <summary>Runs the job once, as its owner, to its end.</summary>
    public async Task<TestJobContext> RunAsync(EndBlock? end, int parallelism = 1, MaterializeRawSettings? settings = null, Epoch? epoch = null,
        CancellationToken ct = default, bool verify = false, ILoggerFactory? loggers = null)
    {
        var context = new TestJobContext(Job, Node, epoch ?? Epoch);
        var kind = new MaterializeRawJob(settings ?? Settings, Db.Db.DataSource, TimeProvider.System, loggers ?? NullLoggerFactory.Instance);
        await kind.RunAsync(Descriptor(end, parallelism) with { Verify = verify }, context, ct);
        return context;
    }

    /// <summary>The registered files of a table, oldest first.</summary>
    public async Task<IReadOnlyList<RegisteredFile>> FilesAsync(string table)
    {
        var revision = await new PhysicalTableRepository(Db.Db.DataSource).FindActiveAsync(Namespace, Name, ManifestHash, table, CancellationToken.None)
            ?? throw new InvalidOperationException($"table {table} has no active revision");
        return await new FileMetadataRepository(Db.Db.DataSource).ListAsync(revision.Id, CancellationToken.None);
    }

    /// <summary>The worker restarted as a new incarnation and claimed the job again: the old epoch is a zombie's.</summary>
    public async Task MoveToEpochAsync(Epoch epoch)
    {
        await Db.ExecuteAsync("UPDATE workers SET epoch = $2 WHERE node_id = $1", Node.Value, epoch.Value);
        await Db.ExecuteAsync("UPDATE jobs_status SET epoch = $2 WHERE job_id = $1", Job.Value, epoch.Value);
    }

    /// <summary>The Parquet files on disk under the dataset, every table and revision.</summary>
    public IReadOnlyList<string> FilesOnDisk() =>
        Directory.Exists(Path.Combine(DataDir, Namespace, Name))
            ? Directory.GetFiles(Path.Combine(DataDir, Namespace, Name), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>(number, hash, parent hash) of every block in the canonical files of <c>blocks</c>, as DuckDB reads them.</summary>
    public async Task<List<(ulong Number, string Hash, string ParentHash)>> CanonicalBlocksAsync()
    {
        var files = await FilesAsync("blocks");
        if (Amp.DataStore.Segments.Chains.Of(files.Select(f => f.Segment)) is not { } chains)
            return [];
        var paths = string.Join(", ", files.Where(f => chains.Canonical.Any(c => c.Id == f.Segment.Id))
            .Select(f => $"'{Path.Combine(DataDir, Namespace, Name, "blocks", "*", f.FileName)}'"));
        return ParquetQueries.Query(
            $"SELECT block_num, '0x' || lower(hex(hash)), '0x' || lower(hex(parent_hash)) FROM read_parquet([{paths}]) ORDER BY block_num",
            r => (Convert.ToUInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), r.GetString(1), r.GetString(2)));
    }

    public static JsonObject TableProgress(JsonObject report, string table) => report["tables"]![table]!.AsObject();

    public void Dispose() => _root.Delete(recursive: true);
}
