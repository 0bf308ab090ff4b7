using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ampctl.Output.Query;

/// <summary>How <c>ampctl query</c> prints rows.</summary>
internal enum QueryFormat
{
    Table,
    Json,
    Jsonl,
    Csv,
}

/// <summary>
/// Prints the rows of a query. JSON Lines pass through as the server sent them, one by one; the table, CSV and JSON
/// forms wait for the last row, since a column the server left out of the first rows (Amp omits null columns) may
/// appear later. Columns are in the order they first appear.
/// </summary>
internal sealed class QueryResultWriter(TextWriter stdout, QueryFormat format)
{
    private readonly List<string> _columns = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<Dictionary<string, string>> _rows = [];
    private readonly List<string> _raw = [];

    public long Count { get; private set; }

    public void Add(string line)
    {
        Count++;
        switch (format)
        {
            case QueryFormat.Jsonl:
                stdout.Write(line + "\n");
                return;
            case QueryFormat.Json:
                _raw.Add(line);
                return;
        }
        using var doc = JsonDocument.Parse(line);
        var row = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (_known.Add(property.Name))
                _columns.Add(property.Name);
            row[property.Name] = Text(property.Value);
        }
        _rows.Add(row);
    }

    public void Finish()
    {
        switch (format)
        {
            case QueryFormat.Json:
                stdout.Write("[" + string.Join(",", _raw) + "]\n");
                break;
            case QueryFormat.Csv:
                WriteCsv();
                break;
            case QueryFormat.Table:
                WriteTable();
                break;
        }
    }

    private void WriteTable()
    {
        if (_rows.Count == 0)
        {
            stdout.Write("(0 rows)\n");
            return;
        }
        var widths = _columns.Select(c => Math.Max(c.Length, _rows.Max(r => r.TryGetValue(c, out var v) ? v.Length : 0))).ToArray();
        var line = new StringBuilder();
        void Write(Func<int, string> cell)
        {
            line.Clear();
            for (var i = 0; i < _columns.Count; i++)
            {
                var text = cell(i);
                line.Append(text);
                if (i < _columns.Count - 1)
                    line.Append(' ', widths[i] - text.Length + 3);
            }
            stdout.Write(line.ToString().TrimEnd() + "\n");
        }
        Write(i => _columns[i]);
        foreach (var row in _rows)
            Write(i => row.TryGetValue(_columns[i], out var v) ? v : "");
        stdout.Write(string.Create(CultureInfo.InvariantCulture, $"({_rows.Count} {(_rows.Count == 1 ? "row" : "rows")})\n"));
    }

    private void WriteCsv()
    {
        stdout.Write(string.Join(",", _columns.Select(CsvField)) + "\n");
        foreach (var row in _rows)
            stdout.Write(string.Join(",", _columns.Select(c => row.TryGetValue(c, out var v) ? CsvField(v) : "")) + "\n");
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };
}
