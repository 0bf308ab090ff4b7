using System.Globalization;
using System.Text;
using Amp.AdminClient.Jobs;

namespace Ampctl.Output.Jobs;

/// <summary>
/// The human form of <c>ampctl job progress</c>, Amp's layout: <c>Job ID:</c>, <c>Status:</c>, the error block of a
/// failed job, then per table (sorted by name) its block range, files and size, or <c>No tables written yet.</c>
/// A timed job (sleep) also shows <c>Progress: 12s of 60s (20%)</c> before the tables; a running extraction job its
/// rate (<c>Rate: 812.5 blocks/s</c>) and, when it has an end block, <c>ETA: 1m 4s (52000 blocks to 92000)</c>,
/// counted from the lowest contiguous <c>current_block</c> of its tables.
/// </summary>
internal static class JobProgressView
{
    public const string NoTables = "No tables written yet.";

    public static string Render(JobProgress progress)
    {
        var sb = new StringBuilder();
        sb.Append("Job ID: ").Append(progress.JobId.ToString()).Append('\n');
        sb.Append("Status: ").Append(progress.JobStatus.ToWire()).Append('\n');
        if (progress.Detail is { ValueKind: not System.Text.Json.JsonValueKind.Null } detail)
            DetailText.AppendError(sb, detail);
        sb.Append('\n');
        if (progress.Elapsed is { } elapsed)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"Progress: {elapsed.ElapsedSeconds}s of {elapsed.TotalSeconds}s ({elapsed.Percent}%)\n");
            sb.Append('\n');
        }
        if (progress.JobStatus == JobStatus.Running && progress.Extraction is { } extraction)
        {
            AppendRate(sb, extraction, progress.Tables.Values);
            sb.Append('\n');
        }
        if (progress.Tables.Count == 0)
        {
            sb.Append(NoTables).Append('\n');
            return sb.ToString();
        }
        sb.Append("Tables:\n");
        foreach (var (name, table) in progress.Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            sb.Append("  ").Append(name).Append(":\n");
            sb.Append("    Block range: ").Append(BlockRange(table)).Append('\n');
            sb.Append("    Files: ").Append(table.FilesCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("    Size: ").Append(ByteSizes.Format(table.TotalSizeBytes)).Append('\n');
        }
        return sb.ToString();
    }

    private static void AppendRate(StringBuilder sb, ExtractionProgress extraction, IEnumerable<TableProgress> tables)
    {
        sb.Append(CultureInfo.InvariantCulture, $"Rate: {extraction.BlocksPerSecond:0.0} blocks/s");
        if (extraction.EndBlock is null && extraction.ChainHead is { } head)
            sb.Append(CultureInfo.InvariantCulture, $" (continuous, chain head {head})");
        sb.Append('\n');
        if (extraction.EndBlock is not { } end)
            return;
        var current = LowestCurrentBlock(tables.ToList());
        var remaining = Math.Max(0, end - (current ?? (extraction.StartBlock ?? 0) - 1));
        var eta = extraction.EtaSeconds(current) is { } seconds ? Durations.Format(seconds) : "unknown, no blocks in the last interval";
        sb.Append(CultureInfo.InvariantCulture, $"ETA: {eta} ({remaining} blocks to {end})\n");
    }

    /// <summary>The block every table has reached; null when there are no tables or one has nothing contiguous yet.</summary>
    private static long? LowestCurrentBlock(IReadOnlyList<TableProgress> tables) =>
        tables.Count == 0 || tables.Any(t => t.CurrentBlock is null) ? null : tables.Min(t => t.CurrentBlock!.Value);

    private static string BlockRange(TableProgress table) =>
        table is { StartBlock: { } start, CurrentBlock: { } end }
            ? $"{start.ToString(CultureInfo.InvariantCulture)} - {end.ToString(CultureInfo.InvariantCulture)}"
            : "(no data)";
}
