using Amp.Query.Catalog;
using Amp.Query.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace Amp.Query.Tests;

/// <summary>
/// A data directory with a file-backed catalog: <c>_/anvil_rpc@latest.blocks</c> (blocks 0–19 in two canonical files,
/// plus a forked file for 10–19 that is not canonical), <c>edge/tricky</c> at <c>latest</c> (blocks 100–103) and at
/// <c>1.0.0</c> (blocks 200–201), and <c>_/late_start.blocks</c>, whose chain does not start at its start block.
/// </summary>
public sealed class TestData : IDisposable
{
    public TestData()
    {
        Root = Path.Combine(Path.GetTempPath(), "amp-query-tests", Guid.NewGuid().ToString("N"));
        Catalog = new FileTableCatalog(Root);
        var anvil = Catalog.DirectoryOf("_", "anvil_rpc", "latest", "blocks");
        TestParquet.Write(anvil, "000000000-00000000000000a0.parquet", 0, 9);
        TestParquet.Write(anvil, "000000010-00000000000000b0.parquet", 10, 19);
        TestParquet.Write(anvil, "000000010-00000000000000f0.parquet", 10, 19, fork: 1);
        Catalog.Publish("_", "anvil_rpc", "latest", "blocks", ["000000000-00000000000000a0.parquet", "000000010-00000000000000b0.parquet"]);

        TestParquet.Write(Catalog.DirectoryOf("edge", "tricky", "latest", "blocks"), "000000100-0000000000000001.parquet", 100, 103);
        Catalog.Publish("edge", "tricky", "latest", "blocks", ["000000100-0000000000000001.parquet"]);
        TestParquet.Write(Catalog.DirectoryOf("edge", "tricky", "1.0.0", "blocks"), "000000200-0000000000000002.parquet", 200, 201);
        Catalog.Publish("edge", "tricky", "1.0.0", "blocks", ["000000200-0000000000000002.parquet"]);

        TestParquet.Write(Catalog.DirectoryOf("_", "late_start", "latest", "blocks"), "000000005-0000000000000003.parquet", 5, 9);
        Catalog.Publish("_", "late_start", "latest", "blocks", []);
    }

    public string Root { get; }

    public FileTableCatalog Catalog { get; }

    public QueryEngine Engine(QueryEngineOptions? options = null) =>
        new(Catalog, options ?? new QueryEngineOptions { StatementTimeout = TimeSpan.FromSeconds(60), MemoryLimitBytes = 256L * 1024 * 1024 }, NullLogger<QueryEngine>.Instance);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a query being torn down; the temp directory is cleaned by the system.
        }
    }
}
