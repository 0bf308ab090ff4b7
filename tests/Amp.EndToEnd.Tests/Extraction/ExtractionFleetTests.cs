using System.Globalization;
using System.Text.Json;
using Amp.Testing;
using DuckDB.NET.Data;

namespace Amp.EndToEnd.Tests.Extraction;

/// <summary>
/// Issue 12's "done when" with the real binaries: ampctl registers a provider and an anvil dataset, deploys it, and
/// ampd workers extract it into Parquet that DuckDB reads back; a worker killed mid-backfill hands the job on. The chains
/// are a few thousand blocks: generated blocks with transactions and logs, 19 cheap empty blocks (<c>anvil_mine</c>)
/// before each, so the rows are spread over the whole range.
/// </summary>
[Collection("extraction")]
public sealed class ExtractionFleetTests(ExtractionFleet fleet) : IClassFixture<ExtractionFleet>
{
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
        var facts = await AnvilFacts.ReadAsync(anvil);
        // 30 requests per minute: after the burst one block every 4 s, so the backfill is still running when the worker dies.
        var name = await fleet.RegisterAsync("anvil_kill", anvil.HttpUrl, "rate_limit_per_minute = 30\n");
        var id = await fleet.DeployAsync(name, "--end-block", "latest", "--worker-id", "x1");
        await fleet.WaitForJobAsync(id, j => ExtractionFleet.StatusOf(j) == "RUNNING" && j.GetProperty("node_id").GetString() == "x1",
            "to run on x1", TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(() => fleet.Worker("x1").Printed("Extracting"), "x1 to start extracting");

        fleet.Worker("x1").Kill9();
        // The next owner reads the provider again at job start: let it run at full speed.
        await File.WriteAllTextAsync(Path.Combine(ExtractionFleet.ProvidersDir, "anvil_kill.toml"),
            $"kind = \"evm-rpc\"\nnetwork = \"anvil_kill\"\nurl = \"{anvil.HttpUrl}\"\n");
        var job = await fleet.WaitForJobAsync(id, j => ExtractionFleet.StatusOf(j) is "COMPLETED" or "FATAL", "to complete elsewhere", TimeSpan.FromSeconds(240));

        Assert.True(ExtractionFleet.StatusOf(job) == "COMPLETED", job.ToString());
        Assert.Equal("x2", job.GetProperty("node_id").GetString());
        var blocks = fleet.TableGlob(name, "blocks");
        Assert.Equal(((long)facts.Head + 1, (long)facts.Head + 1), (Count(blocks), DistinctBlocks(blocks)));
        Assert.Equal(facts.Transactions, Count(fleet.TableGlob(name, "transactions")));
        Assert.Equal(facts.Logs, Count(fleet.TableGlob(name, "logs")));
        Assert.Empty(Directory.GetFiles(Path.Combine(ExtractionFleet.DataDir, "_", name), "*.partial", SearchOption.AllDirectories));
        fleet.StartWorker("x1");
    }
}
