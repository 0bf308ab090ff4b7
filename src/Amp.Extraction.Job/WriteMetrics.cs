using System.Diagnostics;
using System.Diagnostics.Metrics;
using Amp.Core.Jobs;
using Amp.Extraction.Rpc;

namespace Amp.Extraction.Job;

/// <summary>
/// What this worker's extraction jobs wrote, in the Meter <c>Amp.Extraction</c> beside the RPC instruments, tags
/// <c>kind</c> (the writing job's kind, <c>materialize-raw</c>), <c>dataset</c> (<c>ns/name</c>) and <c>table</c>: rows and
/// blocks extracted for the table (handed to its writer), files and bytes committed. The controller's <c>amp_extraction_*</c> series count the same files fleet-wide from the database.
/// </summary>
internal static class WriteMetrics
{
    private static readonly Meter Meter = new(RpcMetrics.MeterName);

    private static readonly Counter<long> Rows = Meter.CreateCounter<long>("amp.extraction.rows_extracted", "{row}");
    private static readonly Counter<long> Blocks = Meter.CreateCounter<long>("amp.extraction.blocks_extracted", "{block}");
    private static readonly Counter<long> Files = Meter.CreateCounter<long>("amp.extraction.files_committed", "{file}");
    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>("amp.extraction.bytes_committed", "By");

    public static void Written(RawTable table, long rows, long blocks)
    {
        var tags = Tags(table);
        Rows.Add(rows, tags);
        Blocks.Add(blocks, tags);
    }

    public static void Committed(RawTable table, long bytes)
    {
        var tags = Tags(table);
        Files.Add(1, tags);
        Bytes.Add(bytes, tags);
    }

    private static TagList Tags(RawTable table) => new()
    {
        { "kind", MaterializeRawDescriptor.KindName },
        { "dataset", $"{table.Revision.Path.Namespace}/{table.Revision.Path.Name}" },
        { "table", table.Name },
    };
}
