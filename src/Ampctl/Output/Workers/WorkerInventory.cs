using System.Globalization;
using System.Text;
using Amp.AdminClient.Workers;
using Amp.Core.Time;
using Amp.Core.Workers;

namespace Ampctl.Output.Workers;

/// <summary>The formats of <c>ampctl worker export</c>.</summary>
internal enum ExportFormat
{
    Csv,
    Json,
}

/// <summary>
/// <c>ampctl worker export</c>: the fleet inventory, one row per worker, as CSV (RFC 4180: header row, fields
/// with a comma, quote, CR or LF quoted, inner quotes doubled, <c>\n</c> line ends) or as a JSON array.
/// </summary>
internal static class WorkerInventory
{
    public static readonly string[] Columns =
    [
        "node_id", "status", "version", "commit_sha", "commit_timestamp", "build_date",
        "created_at", "registered_at", "heartbeat_at", "restarts",
    ];

    public static string Render(IReadOnlyList<Worker> workers, ExportFormat format) =>
        format == ExportFormat.Json ? ToJson(workers) : ToCsv(workers);

    public static string ToCsv(IReadOnlyList<Worker> workers)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Columns).Append('\n');
        foreach (var w in workers)
            sb.AppendJoin(',', Row(w).Select(cell => CsvField(cell.Value))).Append('\n');
        return sb.ToString();
    }

    /// <summary>A one-line JSON array of objects with the <see cref="Columns"/> as keys; <c>restarts</c> is a number.</summary>
    public static string ToJson(IReadOnlyList<Worker> workers) => JsonText.Write(json =>
    {
        json.WriteStartArray();
        foreach (var w in workers)
        {
            json.WriteStartObject();
            foreach (var (name, value) in Row(w))
            {
                if (name == "restarts")
                    json.WriteNumber(name, w.Restarts);
                else
                    json.WriteString(name, value);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }) + "\n";

    /// <summary>Quotes a field only when RFC 4180 requires it.</summary>
    public static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static IEnumerable<(string Name, string Value)> Row(Worker w) =>
    [
        ("node_id", w.NodeId.Value),
        ("status", w.Status.ToWire()),
        ("version", w.Info.Version),
        ("commit_sha", w.Info.CommitSha),
        ("commit_timestamp", w.Info.CommitTimestamp),
        ("build_date", w.Info.BuildDate),
        ("created_at", Rfc3339.Format(w.CreatedAt)),
        ("registered_at", Rfc3339.Format(w.RegisteredAt)),
        ("heartbeat_at", Rfc3339.Format(w.HeartbeatAt)),
        ("restarts", w.Restarts.ToString(CultureInfo.InvariantCulture)),
    ];
}
