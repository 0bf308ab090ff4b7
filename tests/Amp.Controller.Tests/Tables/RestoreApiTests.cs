using System.Net;
using System.Text.Json;
using Amp.DataStore.Parquet;
using Amp.Controller.Tests.Datasets;
using Amp.Testing;
using static Amp.Controller.Tests.Datasets.RegistryFleet;

namespace Amp.Controller.Tests.Tables;

/// <summary>
/// Restore, revisions and files against a real controller and PostgreSQL, with real segment files in its data directory:
/// what restore registers, that it is idempotent, that bad files are skipped, that bad input changes nothing and that a
/// job writing the dataset fences it off.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class RestoreApiTests(RegistryFleet fleet)
{
    private static readonly string[] Tables = ["blocks", "transactions", "logs"];

    private string DataDir => Path.Combine(fleet.Root, "data");

    private async Task<string> RegisterAsync(string name, string network = "anvil")
    {
        var manifest = Fixture("manifests/anvil_rpc.json").Replace("\"anvil\"", $"\"{network}\"", StringComparison.Ordinal);
        var r = await fleet.PostAsync("/datasets", $$"""{"namespace":"rst","name":"{{name}}","version":"1.0.0","manifest":{{manifest}}}""");
        AssertStatus(r, HttpStatusCode.Created);
        return r.Json.GetProperty("manifest_hash").GetString()!;
    }

    /// <summary>Blocks 0-9 and 10-19 in one revision of each table.</summary>
    private async Task<Dictionary<string, TableRevisionPath>> WriteChainAsync(string name)
    {
        var revisions = new Dictionary<string, TableRevisionPath>();
        foreach (var table in Tables)
        {
            var revision = TableRevisionPath.NewRevision("rst", name, table);
            await SegmentFiles.WriteAsync(DataDir, revision, 0, 9);
            await SegmentFiles.WriteAsync(DataDir, revision, 10, 19);
            revisions[table] = revision;
        }
        return revisions;
    }

    private Task<long> CountAsync(string sql, string name) => fleet.Db.ScalarAsync<long>(sql, name);

    private Task<long> FilesAsync(string name) => CountAsync(
        "SELECT count(*) FROM file_metadata f JOIN physical_table_revisions r ON r.id = f.location_id WHERE r.path LIKE 'rst/' || $1 || '/%'", name);

    private Task<long> FootersAsync(string name) => CountAsync(
        "SELECT count(*) FROM footer_cache c JOIN file_metadata f ON f.id = c.file_id JOIN physical_table_revisions r ON r.id = f.location_id WHERE r.path LIKE 'rst/' || $1 || '/%'", name);

    [Fact]
    public async Task Restore_registers_every_table_from_the_footers_skips_bad_files_and_is_idempotent()
    {
        var hash = await RegisterAsync("full");
        var revisions = await WriteChainAsync("full");
        var blocksDir = Path.Combine(DataDir, revisions["blocks"].Directory);
        await File.WriteAllBytesAsync(Path.Combine(blocksDir, "000000020-00000000000000ff.parquet"), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        await File.WriteAllTextAsync(Path.Combine(blocksDir, "notes.txt"), "not a segment");
        // A real segment whose footer names another table: copied into the wrong directory.
        var foreign = Directory.GetFiles(Path.Combine(DataDir, revisions["logs"].Directory), "000000010-*.parquet").Single();
        File.Copy(foreign, Path.Combine(blocksDir, Path.GetFileName(foreign)));

        var first = await fleet.PostAsync("/datasets/rst/full/versions/1.0.0/restore", "");
        AssertStatus(first, HttpStatusCode.Accepted);
        var tables = first.Json.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table_name").GetString()!);
        Assert.Equal(Tables.Order(), tables.Keys.Order());
        foreach (var table in Tables)
        {
            var t = tables[table];
            Assert.Equal((2, 2), (t.GetProperty("files_found").GetInt32(), t.GetProperty("files_registered").GetInt32()));
            Assert.Equal(new Uri(Path.Combine(DataDir, revisions[table].Directory) + "/").ToString(), t.GetProperty("url").GetString());
            Assert.Equal(revisions[table].Directory,
                await fleet.Db.ScalarAsync<string>("SELECT path FROM physical_table_revisions WHERE id = $1", t.GetProperty("location_id").GetInt64()));
        }
        var skipped = tables["blocks"].GetProperty("files_skipped").EnumerateArray()
            .ToDictionary(s => Path.GetFileName(s.GetProperty("path").GetString()!), s => s.GetProperty("reason").GetString()!);
        Assert.Equal(3, skipped.Count);
        Assert.Contains("not a readable segment", skipped["000000020-00000000000000ff.parquet"], StringComparison.Ordinal);
        Assert.Contains(".parquet", skipped["notes.txt"], StringComparison.Ordinal);
        Assert.Contains("names table 'logs'", skipped[Path.GetFileName(foreign)], StringComparison.Ordinal);
        Assert.Equal((6L, 6L), (await FilesAsync("full"), await FootersAsync("full")));
        Assert.Equal(3L, await fleet.Db.ScalarAsync<long>(
            "SELECT count(*) FROM physical_tables WHERE dataset_namespace = 'rst' AND dataset_name = 'full' AND manifest_hash = $1 AND active_revision_id IS NOT NULL", hash));

        // The footer cache holds the footer the writer produced, byte for byte.
        var fileName = Path.GetFileName(Directory.GetFiles(blocksDir, "000000000-*.parquet").Single());
        var fileId = await fleet.Db.ScalarAsync<long>("SELECT id FROM file_metadata WHERE location_id = $1 AND file_name = $2",
            tables["blocks"].GetProperty("location_id").GetInt64(), fileName);
        var cached = await fleet.Db.ScalarAsync<byte[]>("SELECT footer FROM footer_cache WHERE file_id = $1", fileId);
        await using (var stream = File.OpenRead(Path.Combine(blocksDir, fileName)))
            Assert.Equal(Amp.DataStore.Parquet.Footers.SegmentFooterReader.Read(stream).Footer, cached);

        // Again: nothing new, same ids.
        var ids = await fleet.Db.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY id) FROM file_metadata WHERE url LIKE '%/rst/full/%'");
        var second = await fleet.PostAsync("/datasets/rst/full/versions/1.0.0/restore", "");
        AssertStatus(second, HttpStatusCode.Accepted);
        Assert.All(second.Json.GetProperty("tables").EnumerateArray(), t => Assert.Equal(0, t.GetProperty("files_registered").GetInt32()));
        Assert.Equal(first.Json.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("location_id").GetInt64()),
            second.Json.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("location_id").GetInt64()));
        Assert.Equal(ids, await fleet.Db.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY id) FROM file_metadata WHERE url LIKE '%/rst/full/%'"));
        Assert.Equal((6L, 6L), (await FilesAsync("full"), await FootersAsync("full")));

        // GET /files/{id}: Amp's shape, metadata keys in alphabetical order.
        var file = await fleet.GetAsync($"/files/{fileId}");
        AssertStatus(file, HttpStatusCode.OK);
        Assert.Equal((fileName, tables["blocks"].GetProperty("location_id").GetInt64()),
            (file.Json.GetProperty("file_name").GetString(), file.Json.GetProperty("location_id").GetInt64()));
        Assert.Equal(["created_at", "filename", "ranges", "table"], file.Json.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        var range = file.Json.GetProperty("metadata").GetProperty("ranges")[0];
        Assert.Equal((0UL, 9UL, SegmentFiles.HashOf(9).ToString()),
            (range.GetProperty("numbers").GetProperty("start").GetUInt64(), range.GetProperty("numbers").GetProperty("end").GetUInt64(), range.GetProperty("hash").GetString()));
        Assert.Equal(new FileInfo(Path.Combine(blocksDir, fileName)).Length, file.Json.GetProperty("object_size").GetInt64());
    }

    [Fact]
    public async Task Revisions_are_listed_shown_activated_deactivated_and_restored_by_id()
    {
        var hash = await RegisterAsync("revs");
        var revisions = await WriteChainAsync("revs");
        AssertStatus(await fleet.PostAsync("/datasets/rst/revs/versions/1.0.0/restore", ""), HttpStatusCode.Accepted);
        var blocksId = await fleet.Db.ScalarAsync<long>("SELECT id FROM physical_table_revisions WHERE path = $1", revisions["blocks"].Directory);

        var info = await fleet.GetAsync($"/revisions/{blocksId}");
        AssertStatus(info, HttpStatusCode.OK);
        Assert.Equal((blocksId, revisions["blocks"].Directory, true), (info.Json.GetProperty("id").GetInt64(), info.Json.GetProperty("path").GetString(), info.Json.GetProperty("active").GetBoolean()));
        var metadata = info.Json.GetProperty("metadata");
        Assert.Equal(("rst", "revs", hash, "blocks"), (metadata.GetProperty("dataset_namespace").GetString(), metadata.GetProperty("dataset_name").GetString(),
            metadata.GetProperty("manifest_hash").GetString(), metadata.GetProperty("table_name").GetString()));
        Assert.False(info.Json.TryGetProperty("writer", out _));

        var active = (await fleet.GetAsync("/revisions?active=true&limit=1000")).Json.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(blocksId, active);
        Assert.Single((await fleet.GetAsync("/revisions?limit=1")).Json.EnumerateArray());

        // A second revision of blocks, registered by path, restored by id and activated.
        var newer = TableRevisionPath.NewRevision("rst", "revs", "blocks");
        await SegmentFiles.WriteAsync(DataDir, newer, 0, 4);
        var reg = await fleet.PostAsync("/revisions", $$"""{"dataset":"rst/revs@1.0.0","table_name":"blocks","path":"{{newer.Directory}}"}""");
        AssertStatus(reg, HttpStatusCode.OK);
        var newerId = reg.Json.GetProperty("location_id").GetInt64();
        Assert.Equal(newerId, (await fleet.PostAsync("/revisions", $$"""{"dataset":"rst/revs@1.0.0","table_name":"blocks","path":"{{newer.Directory}}"}""")).Json.GetProperty("location_id").GetInt64());
        var restored = await fleet.PostAsync($"/revisions/{newerId}/restore", "");
        AssertStatus(restored, HttpStatusCode.OK);
        Assert.Equal((1, 1), (restored.Json.GetProperty("total_files").GetInt32(), restored.Json.GetProperty("files_registered").GetInt32()));
        Assert.Equal(0, (await fleet.PostAsync($"/revisions/{newerId}/restore", "")).Json.GetProperty("files_registered").GetInt32());

        AssertStatus(await fleet.PostAsync($"/revisions/{newerId}/activate", """{"dataset":"rst/revs@1.0.0","table_name":"blocks"}"""), HttpStatusCode.OK);
        Assert.True((await fleet.GetAsync($"/revisions/{newerId}")).Json.GetProperty("active").GetBoolean());
        Assert.False((await fleet.GetAsync($"/revisions/{blocksId}")).Json.GetProperty("active").GetBoolean());

        // A dataset restore keeps the active revision when it is in storage, even when a newer one is there too.
        AssertStatus(await fleet.PostAsync($"/revisions/{blocksId}/activate", """{"dataset":"rst/revs@latest","table_name":"blocks"}"""), HttpStatusCode.OK);
        var again = await fleet.PostAsync("/datasets/rst/revs/versions/latest/restore", "");
        AssertStatus(again, HttpStatusCode.Accepted);
        Assert.Equal(blocksId, again.Json.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table_name").GetString() == "blocks").GetProperty("location_id").GetInt64());

        AssertStatus(await fleet.PostAsync("/revisions/deactivate", """{"dataset":"rst/revs@1.0.0","table_name":"blocks"}"""), HttpStatusCode.OK);
        Assert.Null(await fleet.Db.ScalarAsync<long?>(
            "SELECT active_revision_id FROM physical_tables WHERE dataset_namespace = 'rst' AND dataset_name = 'revs' AND table_name = 'blocks'"));

        // One table by location id (Amp's D11 with a body), then from storage (empty body).
        AssertStatus(await fleet.PostAsync("/datasets/rst/revs/versions/1.0.0/tables/blocks/restore", $$"""{"location_id":{{newerId}}}"""), HttpStatusCode.OK);
        Assert.True((await fleet.GetAsync($"/revisions/{newerId}")).Json.GetProperty("active").GetBoolean());
        AssertStatus(await fleet.PostAsync("/datasets/rst/revs/versions/1.0.0/tables/logs/restore", ""), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bad_input_gives_the_documented_errors_and_changes_nothing()
    {
        await RegisterAsync("badin");
        await WriteChainAsync("badin");
        await RegisterAsync("nodata");
        var registered = await fleet.PostAsync("/revisions", $$"""{"dataset":"rst/badin@1.0.0","table_name":"blocks","path":"rst/badin/blocks/{{Guid.CreateVersion7()}}"}""");
        AssertStatus(registered, HttpStatusCode.OK);
        var revision = registered.Json.GetProperty("location_id").GetInt64();
        var before = await fleet.Db.ScalarAsync<string>(
            "SELECT (SELECT count(*) FROM file_metadata) || '/' || (SELECT count(*) FROM physical_table_revisions) || '/' || (SELECT count(*) FROM physical_tables)");

        AssertError(await fleet.PostAsync("/datasets/rst/unknown/versions/1.0.0/restore", ""), HttpStatusCode.NotFound, "DATASET_NOT_FOUND");
        AssertError(await fleet.PostAsync("/datasets/rst/badin/versions/2.0.0/restore", ""), HttpStatusCode.NotFound, "DATASET_NOT_FOUND");
        AssertError(await fleet.PostAsync("/datasets/rst/badin/versions/1.0/restore", ""), HttpStatusCode.BadRequest, "INVALID_PATH");
        AssertError(await fleet.PostAsync("/datasets/Rst/badin/versions/1.0.0/restore", ""), HttpStatusCode.BadRequest, "INVALID_PATH");
        AssertError(await fleet.PostAsync("/datasets/rst/nodata/versions/1.0.0/restore", ""), HttpStatusCode.NotFound, "TABLE_NOT_FOUND");
        AssertError(await fleet.PostAsync("/datasets/rst/badin/versions/1.0.0/tables/receipts/restore", ""), HttpStatusCode.NotFound, "TABLE_NOT_IN_MANIFEST");
        AssertError(await fleet.PostAsync("/datasets/rst/badin/versions/1.0.0/tables/blocks/restore", "{}"), HttpStatusCode.BadRequest, "INVALID_BODY");
        AssertError(await fleet.PostAsync("/datasets/rst/badin/versions/1.0.0/tables/blocks/restore", """{"location_id":0}"""), HttpStatusCode.BadRequest, "INVALID_BODY");
        AssertError(await fleet.PostAsync("/datasets/rst/badin/versions/1.0.0/tables/blocks/restore", """{"location_id":987654321}"""), HttpStatusCode.NotFound, "REVISION_NOT_FOUND");

        AssertError(await fleet.GetAsync("/revisions/0"), HttpStatusCode.BadRequest, "INVALID_PATH_PARAMETERS");
        AssertError(await fleet.GetAsync("/revisions/abc"), HttpStatusCode.BadRequest, "INVALID_PATH_PARAMETERS");
        AssertError(await fleet.GetAsync("/revisions/987654321"), HttpStatusCode.NotFound, "REVISION_NOT_FOUND");
        AssertError(await fleet.PostAsync("/revisions/987654321/restore", ""), HttpStatusCode.NotFound, "REVISION_NOT_FOUND");
        AssertError(await fleet.GetAsync("/revisions?limit=-1"), HttpStatusCode.BadRequest, "INVALID_QUERY_PARAMETERS");
        AssertError(await fleet.GetAsync("/revisions?active=maybe"), HttpStatusCode.BadRequest, "INVALID_QUERY_PARAMETERS");
        AssertError(await fleet.GetAsync("/files/0"), HttpStatusCode.BadRequest, "INVALID_FILE_ID");
        AssertError(await fleet.GetAsync("/files/987654321"), HttpStatusCode.NotFound, "FILE_NOT_FOUND");

        AssertError(await fleet.PostAsync("/revisions", """{"dataset":"rst/badin","table_name":"blocks","path":"rst/badin/blocks/x"}"""), HttpStatusCode.BadRequest, "INVALID_BODY");
        AssertError(await fleet.PostAsync("/revisions", """{"dataset":"rst/badin@1.0.0","table_name":"blocks","path":"../etc"}"""), HttpStatusCode.BadRequest, "INVALID_BODY");
        AssertError(await fleet.PostAsync("/revisions", $$"""{"dataset":"rst/badin@1.0.0","table_name":"blocks","path":"rst/other/blocks/{{Guid.CreateVersion7()}}"}"""), HttpStatusCode.BadRequest, "INVALID_BODY");
        AssertError(await fleet.PostAsync($"/revisions/{revision}/activate", """{"dataset":"rst/badin@1.0.0","table_name":"receipts"}"""), HttpStatusCode.NotFound, "TABLE_NOT_IN_MANIFEST");
        AssertError(await fleet.PostAsync($"/revisions/{revision}/activate", """{"dataset":"rst/badin@1.0.0","table_name":"blocks"}"""), HttpStatusCode.NotFound, "TABLE_NOT_REGISTERED");
        AssertError(await fleet.PostAsync("/revisions/987654321/activate", """{"dataset":"rst/badin@1.0.0","table_name":"blocks"}"""), HttpStatusCode.NotFound, "REVISION_NOT_FOUND");
        AssertError(await fleet.PostAsync("/revisions/deactivate", """{"dataset":"rst/badin@1.0.0","table_name":"blocks"}"""), HttpStatusCode.NotFound, "TABLE_NOT_FOUND");
        AssertError(await fleet.PostAsync("/revisions/deactivate", """{"dataset":"rst/gone@1.0.0","table_name":"blocks"}"""), HttpStatusCode.NotFound, "DATASET_NOT_FOUND");

        Assert.Equal(before, await fleet.Db.ScalarAsync<string>(
            "SELECT (SELECT count(*) FROM file_metadata) || '/' || (SELECT count(*) FROM physical_table_revisions) || '/' || (SELECT count(*) FROM physical_tables)"));
    }

    [Fact]
    public async Task Restore_is_refused_while_a_job_writes_the_dataset_and_runs_once_it_stopped()
    {
        AssertStatus(await fleet.PostAsync("/providers", """{"name":"p_rstbusy","kind":"evm-rpc","network":"rstbusy","url":"http://127.0.0.1:1"}"""), HttpStatusCode.Created);
        await RegisterAsync("busy", "rstbusy");
        await WriteChainAsync("busy");
        var deploy = await fleet.PostAsync("/datasets/rst/busy/versions/1.0.0/deploy", "{}");
        AssertStatus(deploy, HttpStatusCode.Accepted);
        var job = deploy.Json.GetProperty("job_id").GetInt64();
        // The worker runs it (its provider answers nothing, so it keeps retrying).
        await Eventually.ValueAsync(async () => (await fleet.GetAsync($"/jobs/{job}")).Json, j => j.GetProperty("status").GetString() == "RUNNING", "the worker to run the job");

        var refused = await fleet.PostAsync("/datasets/rst/busy/versions/1.0.0/restore", "");
        AssertError(refused, HttpStatusCode.Conflict, "WRITER_JOB_NOT_TERMINAL");
        Assert.Contains($"ampctl job stop {job}", refused.Json.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await FilesAsync("busy"));

        AssertStatus(await fleet.SendAsync(HttpMethod.Put, $"/jobs/{job}/stop"), HttpStatusCode.OK);
        await Eventually.ValueAsync(async () => (await fleet.GetAsync($"/jobs/{job}")).Json, j => j.GetProperty("status").GetString() == "STOPPED", "the job to stop");
        var done = await fleet.PostAsync("/datasets/rst/busy/versions/1.0.0/restore", "");
        AssertStatus(done, HttpStatusCode.Accepted);
        Assert.Equal(6L, await FilesAsync("busy"));
        // The job had made a revision of its own (empty); restore activates the one found in storage.
        Assert.All(done.Json.GetProperty("tables").EnumerateArray(), t => Assert.Contains("/rst/busy/", t.GetProperty("url").GetString(), StringComparison.Ordinal));
        Assert.Equal(6L, await fleet.Db.ScalarAsync<long>(
            "SELECT count(*) FROM physical_tables t JOIN file_metadata f ON f.location_id = t.active_revision_id WHERE t.dataset_namespace = 'rst' AND t.dataset_name = 'busy'"));
    }
}
