using System.Globalization;
using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;
using Xunit.Abstractions;

namespace Amp.EndToEnd.Tests.Tables;

/// <summary>
/// Restore with the real binaries: <c>ampd solo</c> extracts an anvil chain (with a reorg in between, so revisions hold
/// non-canonical files), the file index is deleted and rebuilt with <c>ampctl dataset restore</c>, and the data
/// directory is copied into a fresh installation and restored there. Each time the canonical chains (files, ranges,
/// hashes, sizes, footers) equal those the extraction registered.
/// </summary>
public sealed class RestoreEndToEndTests(ITestOutputHelper output)
{
    private const string Dataset = "_/anvil_restore";

    private sealed class Installation : IAsyncDisposable
    {
        private Installation(string root, MetadataDbFixture db, SoloRun solo)
        {
            Root = root;
            Db = db;
            Solo = solo;
        }

        public string Root { get; }
        public MetadataDbFixture Db { get; }
        public SoloRun Solo { get; }
        public string DataDir => Path.Combine(Root, "data");

        public static async Task<Installation> StartAsync(string root)
        {
            var db = new MetadataDbFixture();
            await db.InitializeAsync();
            var solo = SoloRun.Start(env: new Dictionary<string, string?>
            {
                ["AMP_CONFIG_METADATA_DB__URL"] = db.Url,
                ["AMP_CONFIG_DATA_DIR"] = Path.Combine(root, "data"),
                ["AMP_CONFIG_PROVIDERS_DIR"] = Path.Combine(root, "providers"),
                ["AMP_CONFIG_MANIFESTS_DIR"] = Path.Combine(root, "manifests"),
                ["AMP_CONFIG_POLL_INTERVAL_SECS"] = "0.2",
            });
            await solo.WaitListeningAsync();
            return new Installation(root, db, solo);
        }

        public async Task<CommandResult> AmpctlAsync(params string[] args) => await Solo.AmpctlAsync(args);

        public async Task<CommandResult> CheckAsync(params string[] args)
        {
            var run = await Solo.AmpctlAsync(args);
            Assert.True(run.ExitCode == 0, run.ToString());
            return run;
        }

        public async Task RegisterAsync(Uri rpc)
        {
            var toml = Path.Combine(Root, "provider.toml");
            await File.WriteAllTextAsync(toml, $"kind = \"evm-rpc\"\nnetwork = \"anvil\"\nurl = \"{rpc}\"\n");
            await CheckAsync("provider", "register", "anvil", toml);
            var manifest = Path.Combine(Root, "manifest.json");
            var generated = await AmpFleet.RunAmpctlAsync(["manifest", "generate", "--kind", "evm-rpc", "--network", "anvil"]);
            Assert.True(generated.ExitCode == 0, generated.ToString());
            await File.WriteAllTextAsync(manifest, generated.Stdout);
            await CheckAsync("dataset", "register", Dataset, manifest, "--tag", "1.0.0");
        }

        /// <summary>Deploys (or re-deploys) up to the head and waits until the job completes.</summary>
        public async Task<long> ExtractAsync()
        {
            var deploy = await CheckAsync("dataset", "deploy", Dataset + "@1.0.0", "--end-block", "latest", "--json");
            var id = JsonDocument.Parse(deploy.Stdout).RootElement.GetProperty("job_id").GetInt64();
            var job = await Eventually.ValueAsync(async () => await Solo.GetJsonAsync($"/jobs/{id}"),
                j => j.GetProperty("status").GetString() is "COMPLETED" or "FATAL", $"job {id} to complete", TimeSpan.FromSeconds(180));
            Assert.True(job.GetProperty("status").GetString() == "COMPLETED", job.ToString());
            return id;
        }

        public Task<Dictionary<string, IReadOnlyList<IndexedSegment>>> IndexAsync() => CanonicalIndex.ReadAsync(Db, "_", "anvil_restore");

        public Task<string?> CountsAsync() => Db.ScalarAsync<string>(
            "SELECT (SELECT count(*) FROM file_metadata) || '/' || (SELECT count(*) FROM footer_cache) || '/' || (SELECT count(*) FROM physical_table_revisions) || '/' || (SELECT count(*) FROM physical_tables)");

        public async ValueTask DisposeAsync()
        {
            await Solo.DisposeAsync();
            SoloRun.CleanUp(Solo.AmpDir);
            await Db.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_deleted_index_and_a_copied_data_directory_restore_to_the_same_canonical_chains()
    {
        var root = Directory.CreateTempSubdirectory("amp-e2e-restore-").FullName;
        try
        {
            await using var anvil = await Anvil.StartAsync();
            await AnvilChain.GenerateAsync(anvil, 40);

            Dictionary<string, IReadOnlyList<IndexedSegment>> extracted;
            string answers;
            await using (var first = await Installation.StartAsync(Path.Combine(root, "first")))
            {
                await first.RegisterAsync(anvil.HttpUrl);
                await first.ExtractAsync();
                // A reorg of the last blocks and more blocks: the re-run repairs the chain, the replaced files stay registered.
                await anvil.ReorgAsync(3);
                await anvil.MineAsync(10);
                await first.ExtractAsync();
                extracted = await first.IndexAsync();
                var facts = await AnvilFacts.ReadAsync(anvil);
                Assert.Equal(facts.Head, CanonicalEnd(extracted["blocks"]));
                var filesBefore = await first.CountsAsync();
                // What the query server answers over the extracted chain: the answers every restore below must give again.
                answers = await Eventually.ValueAsync(() => QueryAnswersAsync(first.Solo), a => a.StartsWith($"{{\"blocks\":{facts.Head + 1}}}", StringComparison.Ordinal),
                    $"the query server to serve {facts.Head + 1} blocks", TimeSpan.FromSeconds(60));
                output.WriteLine($"extracted: {filesBefore} (files/footers/revisions/tables); canonical blocks files: {extracted["blocks"].Count}");

                // 1. The file index is deleted; restore rebuilds it from the footers.
                Assert.True(await first.Db.ExecuteAsync("DELETE FROM file_metadata") > 0);
                await SameAnswersAsync(first.Solo, answers, negate: true); // the query server no longer sees the deleted files
                var restore = await first.CheckAsync("dataset", "restore", Dataset + "@1.0.0");
                output.WriteLine(restore.Stdout);
                Assert.Contains("✓ Dataset restored successfully", restore.Stdout, StringComparison.Ordinal);
                CanonicalIndex.AssertSameChains(extracted, await first.IndexAsync());
                Assert.Equal(filesBefore, await first.CountsAsync());
                await SameAnswersAsync(first.Solo, answers);

                // 2. Revisions and tables deleted too (the whole physical index): restore finds the same directories again.
                await first.Db.ExecuteAsync("DELETE FROM physical_tables");
                await first.Db.ExecuteAsync("DELETE FROM physical_table_revisions");
                var json = await first.CheckAsync("dataset", "restore", Dataset + "@1.0.0", "--json");
                Assert.Equal(CanonicalIndex.Tables.Order(), JsonDocument.Parse(json.Stdout).RootElement.GetProperty("tables").EnumerateArray()
                    .Select(t => t.GetProperty("table_name").GetString()!).Order());
                var rebuilt = await first.IndexAsync();
                CanonicalIndex.AssertSameChains(extracted, rebuilt);
                Assert.Equal(filesBefore, await first.CountsAsync());
                await SameAnswersAsync(first.Solo, answers);

                // 3. Idempotent: a third restore adds nothing and keeps every id.
                await first.CheckAsync("dataset", "restore", Dataset + "@1.0.0");
                Assert.Equal(rebuilt.Values.SelectMany(c => c.Select(s => s.Id)), (await first.IndexAsync()).Values.SelectMany(c => c.Select(s => s.Id)));
                Assert.Equal(filesBefore, await first.CountsAsync());

                var list = await first.CheckAsync("table", "list");
                output.WriteLine(list.Stdout);
                Assert.Contains("_/anvil_restore blocks [active]", list.Stdout, StringComparison.Ordinal);
                var own = await first.CheckAsync("table", "list", "--dataset", Dataset);
                Assert.Contains("_/anvil_restore blocks [active]", own.Stdout, StringComparison.Ordinal);
                var other = await first.CheckAsync("table", "list", "--dataset", "_/no_such_dataset");
                Assert.Equal("Revisions (0):\n", other.Stdout);
                var blocksLocation = await first.Db.ScalarAsync<long>(
                    "SELECT active_revision_id FROM physical_tables WHERE dataset_name = 'anvil_restore' AND table_name = 'blocks'");
                var get = await first.CheckAsync("table", "get", blocksLocation.ToString(CultureInfo.InvariantCulture));
                output.WriteLine(get.Stdout);
                Assert.Contains($"Path: {extracted["blocks"][0].RevisionPath}", get.Stdout, StringComparison.Ordinal);
                var file = await first.Solo.GetJsonAsync($"/files/{rebuilt["blocks"][0].Id}");
                output.WriteLine(file.ToString());
                Assert.Equal(rebuilt["blocks"][0].FileName, file.GetProperty("file_name").GetString());
            }

            // 4. A fresh installation with a copy of the data directory: register the same dataset, restore, same chains.
            await using var second = await Installation.StartAsync(Path.Combine(root, "second"));
            CopyDirectory(Path.Combine(root, "first", "data"), second.DataDir);
            await second.RegisterAsync(anvil.HttpUrl);
            var empty = await second.CountsAsync();

            // Bad input first: it is refused with the documented errors and changes nothing.
            var unknown = await second.AmpctlAsync("dataset", "restore", "_/anvil_nothere@1.0.0");
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("DATASET_NOT_FOUND", unknown.Stderr, StringComparison.Ordinal);
            var badRevision = await second.AmpctlAsync("dataset", "restore", Dataset + "@1.0");
            Assert.Equal(2, badRevision.ExitCode);
            using (var http = new HttpClient())
            {
                var response = await http.PostAsync(new Uri(second.Solo.AdminUrl + "/datasets/_/anvil_restore/versions/v1/restore"), null);
                Assert.Equal(400, (int)response.StatusCode);
                Assert.Equal("INVALID_PATH", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error_code").GetString());
            }
            var missingTable = await second.AmpctlAsync("table", "restore", "987654");
            Assert.Contains("REVISION_NOT_FOUND", missingTable.Stderr, StringComparison.Ordinal);
            Assert.Equal(empty, await second.CountsAsync());

            var copied = await second.CheckAsync("dataset", "restore", Dataset + "@1.0.0");
            output.WriteLine(copied.Stdout);
            CanonicalIndex.AssertSameChains(extracted, await second.IndexAsync(), sameUrls: false);
            await SameAnswersAsync(second.Solo, answers);
            Assert.All((await second.IndexAsync()).Values.SelectMany(c => c), s => Assert.StartsWith(new Uri(second.DataDir).ToString(), s.Url, StringComparison.Ordinal));

            // The restored index is what extraction resumes from: a re-run to the same head writes nothing new.
            var files = await second.Db.ScalarAsync<long>("SELECT count(*) FROM file_metadata");
            await second.ExtractAsync();
            Assert.Equal(files, await second.Db.ScalarAsync<long>("SELECT count(*) FROM file_metadata"));
            CanonicalIndex.AssertSameChains(extracted, await second.IndexAsync(), sameUrls: false);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // left to the temp cleaner
            }
        }
    }

    /// <summary>Counts per table and the whole chain of (block_num, hash, parent_hash), as the JSON Lines server answers them.</summary>
    private static async Task<string> QueryAnswersAsync(SoloRun solo)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var text = new System.Text.StringBuilder();
        foreach (var sql in new[]
        {
            "select count(*) as blocks from anvil_restore.blocks",
            "select count(*) as transactions from anvil_restore.transactions",
            "select count(*) as logs from anvil_restore.logs",
            "select block_num, hash, parent_hash from anvil_restore.blocks order by block_num",
        })
        {
            using var response = await http.PostAsync(new Uri(solo.JsonlUrl + "/"), new StringContent(sql));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{sql}: {(int)response.StatusCode} {body}");
            text.Append(body);
        }
        return text.ToString();
    }

    /// <summary>Polls until the query server gives <paramref name="expected"/> (or, negated, anything else): restores notify it.</summary>
    private static Task SameAnswersAsync(SoloRun solo, string expected, bool negate = false) =>
        Eventually.ValueAsync(() => QueryAnswersAsync(solo), a => (a == expected) != negate,
            negate ? "the query server to stop serving the deleted index" : "the query server to give the answers of the extracted chain again", TimeSpan.FromSeconds(60));

    private static ulong CanonicalEnd(IReadOnlyList<IndexedSegment> chain) =>
        Amp.DataStore.Parquet.ParquetMetaJson.Parse(chain[^1].Meta).Ranges[0].End;

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
