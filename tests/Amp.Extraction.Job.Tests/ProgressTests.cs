using System.Globalization;
using System.Text.RegularExpressions;
using Amp.Core.Jobs;
using Amp.Extraction.Job.Tests.Support;
using Amp.Testing;
using Amp.Testing.FaultRpc;
using Amp.Worker.Jobs;

namespace Amp.Extraction.Job.Tests;

/// <summary>What a running job reports about itself (reference §5.12), and what it refuses to do.</summary>
public sealed partial class ProgressTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    [Fact]
    public async Task A_bounded_job_reports_its_rate_between_samples_and_its_resolved_block_range()
    {
        await using var server = await FaultRpcServer.StartAsync(ChainData.Generate(3000));
        server.Faults.Slow(TimeSpan.FromMilliseconds(300), times: 3);
        using var harness = await JobHarness.CreateAsync(db, server.Url);

        var run = await harness.RunAsync(new EndBlock.BehindHead(500));

        var reports = run.Reports;
        Assert.True(reports.Count >= 2, $"only {reports.Count} progress report(s)");
        Assert.All(reports, r => Assert.Equal((0UL, 2500UL), (r["start_block"]!.GetValue<ulong>(), r["end_block"]!.GetValue<ulong>())));
        Assert.Contains(reports, r => r["blocks_per_second"]!.GetValue<double>() > 0);
        var last = reports[^1];
        Assert.Equal(2501L, last["blocks_written"]!.GetValue<long>());
        Assert.Equal(2500L, last["latest_block"]!.GetValue<long>());
        Assert.Equal(3000L, last["chain_head"]!.GetValue<long>());
        Assert.Equal(2500UL, JobHarness.TableProgress(last, "blocks")["current_block"]!.GetValue<ulong>());
    }

    [Fact]
    public async Task A_continuous_job_reports_no_end_block()
    {
        await using var anvil = await Anvil.StartAsync();
        await anvil.MineAsync(3);
        using var harness = await JobHarness.CreateAsync(db, anvil.HttpUrl);
        using var cts = new CancellationTokenSource();
        var context = new TestJobContext(harness.Job, harness.Node, JobHarness.Epoch);
        var kind = new MaterializeRawJob(harness.Settings, db.Db.DataSource, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        var run = kind.RunAsync(harness.Descriptor(end: null), context, cts.Token);
        await Eventually.UntilAsync(() => Task.FromResult(context.Reports.Any(r => r["latest_block"]?.GetValue<long>() == 3)), "a report at block 3");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.All(context.Reports, r => Assert.Null(r["end_block"]));
    }

    [Fact]
    public async Task Verify_true_ends_the_job_FATAL_VERIFY_NOT_SUPPORTED_before_anything_is_written()
    {
        await using var server = await FaultRpcServer.StartAsync(ChainData.Generate(10));
        using var harness = await JobHarness.CreateAsync(db, server.Url);

        var failure = await Assert.ThrowsAsync<JobFailedException>(() => harness.RunAsync(new EndBlock.Latest(), verify: true));

        Assert.Equal(("VERIFY_NOT_SUPPORTED", false), (failure.ErrorCode, failure.Retryable));
        Assert.Contains("without --verify", failure.Message, StringComparison.Ordinal);
        Assert.Empty(harness.FilesOnDisk());
    }

    [Fact]
    public async Task The_worker_logs_a_progress_line_with_plausible_figures_while_the_job_runs()
    {
        // Block 1500's answer is held back for 2 s, so several progress lines (every 200 ms here) fall mid-job.
        await using var server = await FaultRpcServer.StartAsync(ChainData.Generate(2000));
        server.Faults.Slow(TimeSpan.FromSeconds(2), block: 1500);
        using var harness = await JobHarness.CreateAsync(db, server.Url);
        using var logs = new CapturedLogs();

        await harness.RunAsync(new EndBlock.Latest(), loggers: logs.Factory);

        var lines = logs.Messages.Select(m => ProgressLine().Match(m)).Where(m => m.Success)
            .Select(m => (Blocks: Number(m, "blocks"), Rate: Number(m, "rate"), Latest: Number(m, "latest"), Head: Number(m, "head"),
                Files: Number(m, "files"), Bytes: Number(m, "bytes")))
            .ToList();
        Assert.True(lines.Count >= 2, $"{lines.Count} progress line(s) in: {string.Join(" | ", logs.Messages.Take(20))}");
        Assert.All(lines, l =>
        {
            Assert.Equal(2000, l.Head);
            Assert.InRange(l.Blocks, 0, 2001);
            Assert.InRange(l.Latest, -1, 2000);
            Assert.True(l.Rate >= 0 && l.Files >= 0 && l.Bytes >= 0, $"{l}");
        });
        Assert.Contains(lines, l => l.Blocks is > 0 and < 2001 && l.Latest is >= 0 and < 2000);
        Assert.Contains(lines, l => l.Rate > 0);
    }

    [GeneratedRegex(@"^Progress: (?<blocks>\d+) blocks written \((?<rate>\d+) blocks/s\), latest block (?<latest>-?\d+), head (?<head>-?\d+), (?<files>\d+) files, (?<bytes>\d+) bytes$")]
    private static partial Regex ProgressLine();

    private static long Number(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
}
