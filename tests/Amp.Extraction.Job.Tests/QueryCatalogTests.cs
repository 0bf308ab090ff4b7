using Amp.Core.Jobs;
using Amp.Datasets.Identity;
using Amp.Extraction.Job.Tests.Support;
using Amp.MetadataDb.Datasets;
using Amp.Query.Catalog;
using Amp.Query.Engine;
using Amp.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Amp.Extraction.Job.Tests;

/// <summary>
/// The query server's catalog over what the extraction job registered (reference §7): name → manifest hash → active
/// revision → canonical files, read by the engine; fresh after a commit through change-tracking.
/// </summary>
public sealed class QueryCatalogTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    private async Task<MetadataTableCatalog> CatalogAsync(JobHarness harness)
    {
        var source = db.Db.DataSource;
        var registry = new DatasetRegistry(source, new TagRepository(source), new DatasetManifestRepository(source), new ManifestFileRepository(source));
        var dataset = new DatasetFqn(DatasetNamespace.Parse(JobHarness.Namespace), DatasetName.Parse(harness.Name));
        await registry.RegisterAsync(dataset, ManifestHash.Parse(harness.ManifestHash), DatasetVersion.Parse("1.0.0"), CancellationToken.None);
        return new MetadataTableCatalog(db.Db, harness.DataDir, harness.Settings.ManifestsDir, NullLogger<MetadataTableCatalog>.Instance);
    }

    private static async Task<List<(ulong Number, string Hash)>> BlocksAsync(QueryEngine engine, string schema)
    {
        var start = await engine.StartAsync($"select block_num, hash from {schema}.blocks order by block_num", CancellationToken.None);
        Assert.True(start.Error is null, start.Error?.ToString());
        using var query = start.Query!;
        var rows = new List<(ulong, string)>();
        while (query.MoveNext())
        {
            using var hash = query.Reader.GetStream(1);
            using var bytes = new MemoryStream();
            hash.CopyTo(bytes);
            rows.Add((query.Reader.GetFieldValue<ulong>(0), "0x" + Convert.ToHexStringLower(bytes.ToArray())));
        }
        return rows;
    }

    [Fact]
    public async Task After_a_reorg_the_catalog_serves_only_the_canonical_files_and_the_engine_reads_anvils_chain()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(2);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        await harness.RunAsync(new EndBlock.Latest());
        await anvil.ReorgAsync(1);
        await anvil.MineAsync(1);
        await harness.RunAsync(new EndBlock.Latest());
        var facts = await AnvilFacts.ReadAsync(anvil);
        var files = await harness.FilesAsync("blocks");
        Assert.Equal(3, files.Count);

        var catalog = await CatalogAsync(harness);
        foreach (var revision in new[] { "latest", "1.0.0", "dev", harness.ManifestHash })
        {
            var resolution = await catalog.ResolveAsync(new TableReference("_", harness.Name, revision, "blocks", harness.Name), CancellationToken.None);
            var table = Assert.IsType<ResolvedTable>(resolution.Table);
            // The re-extracted [0..=2'] and [3..=3]; never the old [0..=2].
            Assert.Equal([files[2].FileName, files[1].FileName], table.Files.Select(Path.GetFileName));
            Assert.All(table.Files, f => Assert.True(File.Exists(f), f));
        }
        Assert.Equal(TableNotFoundReason.DatasetNotFound,
            (await catalog.ResolveAsync(new TableReference("_", harness.Name, "9.9.9", "blocks", harness.Name), CancellationToken.None)).NotFound);
        Assert.Equal(TableNotFoundReason.TableNotFound,
            (await catalog.ResolveAsync(new TableReference("_", harness.Name, "latest", "receipts", harness.Name), CancellationToken.None)).NotFound);

        using var engine = new QueryEngine(catalog, new QueryEngineOptions(), NullLogger<QueryEngine>.Instance);
        Assert.Equal(facts.Hashes.Select((h, i) => ((ulong)i, h)), await BlocksAsync(engine, harness.Name));
        Assert.Equal(facts.Hashes.Select((h, i) => ((ulong)i, h)), await BlocksAsync(engine, $"\"_/{harness.Name}@1.0.0\""));
    }

    [Fact]
    public async Task A_chain_that_does_not_start_at_the_start_block_reads_as_empty()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(2);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        await harness.RunAsync(new EndBlock.Latest());
        await anvil.MineAsync(2);
        await harness.RunAsync(new EndBlock.Latest());
        var catalog = await CatalogAsync(harness);
        using var engine = new QueryEngine(catalog, new QueryEngineOptions(), NullLogger<QueryEngine>.Instance);
        Assert.Equal(5, (await BlocksAsync(engine, harness.Name)).Count);

        // Forget the files from block 0: what is left begins at block 3, after the manifest's start_block 0.
        var location = (await new PhysicalTableRepository(db.Db.DataSource).FindActiveAsync("_", harness.Name, harness.ManifestHash, "blocks", CancellationToken.None))!.Id;
        var first = (await harness.FilesAsync("blocks")).Where(f => f.Segment.Start == 0).Select(f => f.Segment.Id.Value).ToArray();
        Assert.NotEmpty(first);
        await db.ExecuteAsync("DELETE FROM file_metadata WHERE location_id = $1 AND id = ANY($2)", location.Value, first);
        Assert.NotEmpty(await harness.FilesAsync("blocks"));
        catalog.Invalidate();

        Assert.Empty(await BlocksAsync(engine, harness.Name));
        var table = (await catalog.ResolveAsync(new TableReference("_", harness.Name, "latest", "blocks", harness.Name), CancellationToken.None)).Table!;
        Assert.Empty(table.Files);
    }

    [Fact]
    public async Task A_committed_file_notifies_the_listening_catalog_and_the_next_query_sees_it()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(2);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        await harness.RunAsync(new EndBlock.Latest());
        var catalog = await CatalogAsync(harness);
        using var engine = new QueryEngine(catalog, new QueryEngineOptions(), NullLogger<QueryEngine>.Instance);
        // A refresh interval far away: only the notification can make the new file visible.
        var listener = new CatalogChangeListener(db.Db, catalog, TimeSpan.FromHours(1), NullLogger<CatalogChangeListener>.Instance);
        using var stop = new CancellationTokenSource();
        var listening = listener.RunAsync(stop.Token);
        try
        {
            Assert.Equal(3, (await BlocksAsync(engine, harness.Name)).Count);
            // The listener invalidates once when its LISTEN is in place; from then on a commit notifies it.
            await Eventually.UntilAsync(() => catalog.Version > 0, "the listener to connect");
            var before = catalog.Version;

            await anvil.MineAsync(3);
            await harness.RunAsync(new EndBlock.Latest());

            await Eventually.UntilAsync(() => catalog.Version > before, "a change-tracking notification");
            Assert.Equal(6, (await BlocksAsync(engine, harness.Name)).Count);
        }
        finally
        {
            await stop.CancelAsync();
            await listening;
        }
    }
}
