using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amp.Testing;
using DuckDB.NET.Data;
using Xunit.Abstractions;

namespace Amp.EndToEnd.Tests.Extraction;

/// <summary>
/// Issue 12's "done when" with the real binaries: ampctl registers a provider and an anvil dataset, deploys it, and
/// ampd workers extract it into Parquet that DuckDB reads back; a worker killed mid-backfill of 5,000 blocks, after it
/// registered files and while <c>ampctl job progress</c> shows its rate and ETA, hands the job on and the next worker
/// extracts only what is missing; a depth-2 reorg during a continuous job ends as anvil's chain. The chains carry
/// generated blocks with transactions and logs, 19 cheap empty blocks (<c>anvil_mine</c>) before each, so the rows are
/// spread over the range.
/// </summary>
[Collection("extraction")]
public sealed partial class ExtractionFleetTests(ExtractionFleet fleet, ITestOutputHelper output) : IClassFixture<ExtractionFleet>
{
    /// <summary>The issue's backfill: a 5,000-block chain.</summary>
    private const int BackfillBlocks = 5000;

    private static readonly string[] Tables = ["blocks", "logs", "transactions"];

    private static long Scalar(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static long Count(string glob) => Scalar($"SELECT count(*) FROM read_parquet('{glob}')");

    private static long DistinctBlocks(string glob) => Scalar($"SELECT count(DISTINCT block_num) FROM read_parquet('{glob}')");

    [Fact]
    public async Task A_deployed_latest_job_completes_with_anvils_exact_rows_and_Amps_progress()
    {
        await using var anvil = await Anvil.StartAsync();
        await AnvilChain.GenerateAsync(anvil, 200, emptyBetween: 19);
        var facts = await AnvilFacts.ReadAsync(anvil);
        Assert.True(facts.Head >= 3000 && facts.Transactions > 500 && facts.Logs > 1000, $"the chain is too small: {facts.Head} blocks, {facts.Transactions} transactions, {facts.Logs} logs");
        var name = await fleet.RegisterAsync("anvil_done", anvil.HttpUrl);

        var id = await fleet.DeployAsync(name, "--end-block", "latest");
        var job = await fleet.WaitForJobAsync(id, j => ExtractionFleet.StatusOf(j) is "COMPLETED" or "FATAL" or "ERROR", "to end", TimeSpan.FromSeconds(240));

        Assert.True(ExtractionFleet.StatusOf(job) == "COMPLETED", job.ToString());
        Assert.Equal((long)facts.Head + 1, Count(fleet.TableGlob(name, "blocks")));
        Assert.Equal(facts.Transactions, Count(fleet.TableGlob(name, "transactions")));
        Assert.Equal(facts.Logs, Count(fleet.TableGlob(name, "logs")));
        var busiest = Scalar($"SELECT max(block_num) FROM read_parquet('{fleet.TableGlob(name, "logs")}')");
        Assert.True(busiest > (long)facts.Head - 40, $"the last log is at block {busiest} of {facts.Head}: the rows do not span the chain");

        var progress = (await fleet.GetAsync($"/jobs/{id}/progress")).Json;
        Assert.Equal((id, "COMPLETED"), (progress.GetProperty("job_id").GetInt64(), progress.GetProperty("job_status").GetString()));
        var tables = progress.GetProperty("tables");
        Assert.Equal(["blocks", "logs", "transactions"], tables.EnumerateObject().Select(p => p.Name));
        foreach (var table in tables.EnumerateObject())
        {
            Assert.Equal(0, table.Value.GetProperty("start_block").GetInt64());
            Assert.Equal((long)facts.Head, table.Value.GetProperty("current_block").GetInt64());
            Assert.Equal(1, table.Value.GetProperty("files_count").GetInt64());
            Assert.Equal(new FileInfo(Directory.GetFiles(Path.GetDirectoryName(fleet.TableGlob(name, table.Name))![..^2], "*.parquet", SearchOption.AllDirectories).Single()).Length,
                table.Value.GetProperty("total_size_bytes").GetInt64());
        }
        var shown = await fleet.AmpctlAsync("job", "progress", id.ToString(CultureInfo.InvariantCulture));
        Assert.True(shown.ExitCode == 0, shown.ToString());
        foreach (var table in new[] { "blocks", "logs", "transactions" })
            Assert.Contains($"  {table}:\n    Block range: 0 - {facts.Head}\n", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_9_of_the_worker_mid_backfill_moves_the_job_and_every_block_is_written_once()
    {
        await using var anvil = await Anvil.StartAsync();
        await AnvilChain.GenerateAsync(anvil, 150, emptyBetween: 19);
        await anvil.MineAsync(BackfillBlocks - 1 - await anvil.BlockNumberAsync());
        var facts = await AnvilFacts.ReadAsync(anvil);
        Assert.Equal((ulong)BackfillBlocks - 1, facts.Head);
        // x1 commits a file about every second, so it has registered progress when it dies.
        await fleet.RestartWorkerAsync("x1", ExtractionFleet.OneSecondFlush);
        // 1,200 requests per minute (one token per request, the first 1,200 at once): past that burst the rest of the
        // 5,000 blocks takes minutes, so the backfill is far from done when x1 dies.
        var name = await fleet.RegisterAsync("anvil_kill", anvil.HttpUrl, "rate_limit_per_minute = 1200\n");
        var id = await fleet.DeployAsync(name, "--end-block", "latest", "--worker-id", "x1");
        await fleet.WaitForJobAsync(id, j => ExtractionFleet.StatusOf(j) == "RUNNING" && j.GetProperty("node_id").GetString() == "x1",
            "to run on x1", TimeSpan.FromSeconds(30));

        await JobProgressShowsRateAndEtaAsync(id, (long)facts.Head);
        await Eventually.UntilAsync(async () => (await Task.WhenAll(Tables.Select(t => RegisteredTables.FilesAsync(fleet, name, t)))).All(f => f.Count > 0),
            "x1 to register a file of every table", TimeSpan.FromSeconds(60));
        // The next owner reads the provider at job start (x1 read it already): let it run at full speed.
        await File.WriteAllTextAsync(Path.Combine(ExtractionFleet.ProvidersDir, "anvil_kill.toml"),
            $"kind = \"evm-rpc\"\nnetwork = \"anvil_kill\"\nurl = \"{anvil.HttpUrl}\"\n");
        fleet.Worker("x1").Kill9();
        await fleet.Worker("x1").WaitForExitAsync(TimeSpan.FromSeconds(10));
        var kept = new Dictionary<string, IReadOnlyList<Amp.MetadataDb.Datasets.RegisteredFile>>();
        foreach (var table in Tables)
            kept[table] = await RegisteredTables.FilesAsync(fleet, name, table);
        var job = await fleet.WaitForJobAsync(id, j => ExtractionFleet.StatusOf(j) is "COMPLETED" or "FATAL", "to complete elsewhere", TimeSpan.FromSeconds(240));

        Assert.True(ExtractionFleet.StatusOf(job) == "COMPLETED", job.ToString());
        Assert.Equal("x2", job.GetProperty("node_id").GetString());
        // x2 resumed: x1's files are still registered and on disk, and x2 extracted only what they do not hold.
        foreach (var table in Tables)
        {
            var now = (await RegisteredTables.FilesAsync(fleet, name, table)).Select(f => f.FileName).ToHashSet();
            Assert.All(kept[table], f => Assert.True(now.Contains(f.FileName) && Directory.GetFiles(ExtractionFleet.DataDir, f.FileName, SearchOption.AllDirectories).Length == 1,
                $"{table} file {f.FileName} (blocks {f.Segment.Start}..={f.Segment.End}) of x1 is no longer registered or on disk"));
        }
        var keptEnd = Tables.ToDictionary(t => t, t => RegisteredTables.ContiguousEnd(kept[t]));
        Assert.True(keptEnd.Values.All(e => e >= 0 && e < (long)facts.Head), $"x1 kept blocks up to {string.Join(", ", keptEnd)} of {facts.Head}");
        var x2 = fleet.Worker("x2").Stdout;
        var resumed = x2.IndexOf($"Extracting _/{name}@", StringComparison.Ordinal);
        Assert.True(resumed >= 0, x2);
        var missing = MissingBlocksLine().Match(x2, resumed);
        Assert.True(missing.Success, x2[resumed..]);
        Assert.True(long.Parse(missing.Groups[1].Value, CultureInfo.InvariantCulture) > keptEnd["blocks"],
            $"x2 extracted blocks from {missing.Groups[1].Value} although x1 had registered 0..={keptEnd["blocks"]}");
        var written = (await fleet.ProgressAsync(id)).GetProperty("progress").GetProperty("blocks_written").GetInt64();
        Assert.InRange(written, 1, (long)facts.Head - keptEnd.Values.Min());

        var blocks = fleet.TableGlob(name, "blocks");
        Assert.Equal(((long)facts.Head + 1, (long)facts.Head + 1), (Count(blocks), DistinctBlocks(blocks)));
        Assert.Equal(facts.Transactions, Count(fleet.TableGlob(name, "transactions")));
        Assert.Equal(facts.Logs, Count(fleet.TableGlob(name, "logs")));
        Assert.Equal(facts.Hashes.Select((h, i) => ((ulong)i, h)), await RegisteredTables.CanonicalBlocksAsync(fleet, name));
        Assert.Empty(Directory.GetFiles(Path.Combine(ExtractionFleet.DataDir, "_", name), "*.partial", SearchOption.AllDirectories));
        await fleet.RestartWorkerAsync("x1");
    }

    /// <summary>
    /// Polls <c>ampctl job progress</c> of the running bounded job until it shows a rate above zero, an ETA and every
    /// table's block range, then checks them: the ETA is the blocks left to <paramref name="end"/> at that rate.
    /// </summary>
    private async Task JobProgressShowsRateAndEtaAsync(long id, long end)
    {
        var shown = await Eventually.ValueAsync(
            () => fleet.AmpctlAsync("job", "progress", id.ToString(CultureInfo.InvariantCulture)),
            r => r.ExitCode == 0 && RateLine().Match(r.Stdout) is { Success: true } m && double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0 && EtaLine().IsMatch(r.Stdout)
                && !r.Stdout.Contains("(no data)", StringComparison.Ordinal),
            "ampctl job progress to show a rate, an ETA and a block range of every table", TimeSpan.FromSeconds(60));
        output.WriteLine(shown.Stdout);

        Assert.Contains("Status: RUNNING\n", shown.Stdout, StringComparison.Ordinal);
        var rate = double.Parse(RateLine().Match(shown.Stdout).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(rate, 0.1, end + 1);
        var eta = EtaLine().Match(shown.Stdout);
        var etaSeconds = Seconds(eta.Groups[1].Value);
        var remaining = long.Parse(eta.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.Equal(end, long.Parse(eta.Groups[3].Value, CultureInfo.InvariantCulture));
        Assert.InRange(remaining, 1, end);
        var reached = BlockRangeLine().Matches(shown.Stdout).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Tables.Length, reached.Count);
        var lowest = reached.Min();
        Assert.Equal(end - lowest, remaining);
        // The shown rate is rounded to 0.1 and an ETA over an hour to the minute.
        Assert.InRange(etaSeconds, remaining / (rate + 0.05) - 61, remaining / Math.Max(0.05, rate - 0.05) + 1);
    }

    /// <summary>Seconds of an ampctl duration such as <c>6m 40s</c>, <c>1h 7m</c> or <c>2d 1h</c>.</summary>
    private static double Seconds(string duration) => duration.Split(' ').Sum(part => part[^1] switch
    {
        'd' => 86_400,
        'h' => 3_600,
        'm' => 60,
        _ => 1,
    } * double.Parse(part[..^1], CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_depth_2_reorg_during_a_continuous_job_leaves_anvils_chain_as_the_canonical_blocks()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(20);
        var name = await fleet.RegisterAsync("anvil_reorg", anvil.HttpUrl);
        var id = await fleet.DeployAsync(name);
        try
        {
            var before = await AnvilFacts.ReadAsync(anvil);
            await Eventually.UntilAsync(async () => (await RegisteredTables.CanonicalBlocksAsync(fleet, name)).SequenceEqual(before.Hashes.Select((h, i) => ((ulong)i, h))),
                "the continuous job to reach the head", TimeSpan.FromSeconds(90));

            await anvil.ReorgAsync(2);
            await anvil.MineAsync(3);
            var after = await AnvilFacts.ReadAsync(anvil);
            Assert.Equal(before.Hashes.Take(before.Hashes.Count - 2), after.Hashes.Take(before.Hashes.Count - 2));
            Assert.NotEqual(before.Hashes[^2], after.Hashes[before.Hashes.Count - 2]);
            var expected = after.Hashes.Select((h, i) => ((ulong)i, h)).ToList();
            var canonical = await Eventually.ValueAsync(() => RegisteredTables.CanonicalBlocksAsync(fleet, name), c => c.SequenceEqual(expected),
                "the canonical blocks to be anvil's chain after the depth-2 reorg", TimeSpan.FromSeconds(90));

            Assert.Equal(expected, canonical);
            Assert.True(ExtractionFleet.StatusOf((await fleet.GetAsync($"/jobs/{id}")).Json) == "RUNNING", "the continuous job ended");
            Assert.True((await RegisteredTables.FilesAsync(fleet, name, "blocks")).Count > 2, "no fork file was kept: the reorg was not repaired by re-extraction");
        }
        finally
        {
            await fleet.StopJobAsync(id);
        }
    }

    [GeneratedRegex(@"^Rate: (\d+\.\d) blocks/s$", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"^ETA: ((?:\d+[dhms] ?)+) \((\d+) blocks to (\d+)\)$", RegexOptions.Multiline)]
    private static partial Regex EtaLine();

    [GeneratedRegex(@"^    Block range: 0 - (\d+)$", RegexOptions.Multiline)]
    private static partial Regex BlockRangeLine();

    [GeneratedRegex(@"missing blocks: (\d+)\.\.=")]
    private static partial Regex MissingBlocksLine();
}
