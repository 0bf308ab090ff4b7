using System.Globalization;
using System.Net;
using System.Text.Json;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Extraction;

/// <summary>
/// Amp's five progress cases (<c>it_admin_api_jobs_progress</c>) through the real Admin API of an ampd controller
/// with an ampd worker over anvil: an unknown job is 404 <c>JOB_NOT_FOUND</c>; right after deploy, before the worker
/// has done anything, <c>tables</c> is <c>{}</c>; a job to block 10 reaches COMPLETED with its range and files; a
/// continuous job over 100 blocks is RUNNING with files; every answer has Amp's shape.
/// </summary>
[Collection("extraction")]
public sealed class JobProgressTests(ProgressFleet fleet) : IClassFixture<ProgressFleet>
{
    private static readonly string[] Tables = ["blocks", "logs", "transactions"];

    [Fact]
    public async Task Progress_of_an_unknown_job_is_404_JOB_NOT_FOUND()
    {
        var response = await fleet.GetAsync("/jobs/999999/progress");

        Assert.True(response.Status == HttpStatusCode.NotFound, response.ToString());
        Assert.Equal("JOB_NOT_FOUND", response.Json.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task A_job_to_block_10_has_no_tables_right_after_deploy_and_completes_with_its_range_and_files()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(20);
        var name = await fleet.RegisterAsync("anvil_progress_ten", anvil.HttpUrl);
        var worker = fleet.Worker("p1");
        // Frozen, p1 is still active (20 s) and gets the job, but cannot start it: nothing is registered yet.
        worker.Signal(Signals.SIGSTOP);
        long id;
        JsonElement early;
        CommandResult shown;
        try
        {
            id = await fleet.DeployAsync(name, "--end-block", "10", "--worker-id", "p1");
            early = await fleet.ProgressAsync(id);
            shown = await fleet.AmpctlAsync("job", "progress", id.ToString(CultureInfo.InvariantCulture));
        }
        finally
        {
            worker.Signal(Signals.SIGCONT);
        }

        Assert.Equal((id, "SCHEDULED"), (early.GetProperty("job_id").GetInt64(), early.GetProperty("job_status").GetString()));
        Assert.Equal(JsonValueKind.Object, early.GetProperty("tables").ValueKind);
        Assert.Empty(early.GetProperty("tables").EnumerateObject());
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("No tables written yet.", shown.Stdout, StringComparison.Ordinal);

        var job = await fleet.WaitForJobAsync(id, j => ExtractionFleet.StatusOf(j) is "COMPLETED" or "FATAL" or "ERROR", "to end", TimeSpan.FromSeconds(120));
        Assert.True(ExtractionFleet.StatusOf(job) == "COMPLETED", job.ToString());
        var done = await fleet.ProgressAsync(id);
        Assert.Equal((id, "COMPLETED"), (done.GetProperty("job_id").GetInt64(), done.GetProperty("job_status").GetString()));
        var tables = done.GetProperty("tables");
        Assert.Equal(Tables, tables.EnumerateObject().Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var table in tables.EnumerateObject())
        {
            Assert.Equal(["current_block", "files_count", "start_block", "total_size_bytes"], table.Value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal((0L, 10L), (table.Value.GetProperty("start_block").GetInt64(), table.Value.GetProperty("current_block").GetInt64()));
            Assert.True(table.Value.GetProperty("files_count").GetInt64() >= 1 && table.Value.GetProperty("total_size_bytes").GetInt64() > 0, table.ToString());
        }
    }

    [Fact]
    public async Task A_continuous_job_over_100_blocks_is_RUNNING_with_files()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(100);
        var name = await fleet.RegisterAsync("anvil_progress_follow", anvil.HttpUrl);
        var id = await fleet.DeployAsync(name);
        try
        {
            // Amp's test allows 30 s; the shared test machine gets twice that.
            var running = await Eventually.ValueAsync(() => fleet.ProgressAsync(id),
                p => p.GetProperty("job_status").GetString() == "RUNNING" && p.GetProperty("tables").EnumerateObject().Any(t => t.Value.GetProperty("files_count").GetInt64() > 0),
                "the continuous job to be RUNNING with a file", TimeSpan.FromSeconds(60));

            Assert.Equal(id, running.GetProperty("job_id").GetInt64());
            var blocks = running.GetProperty("tables").GetProperty("blocks");
            Assert.Equal(0, blocks.GetProperty("start_block").GetInt64());
            Assert.InRange(blocks.GetProperty("current_block").GetInt64(), 0, 100);
        }
        finally
        {
            await fleet.StopJobAsync(id);
        }
    }
}
