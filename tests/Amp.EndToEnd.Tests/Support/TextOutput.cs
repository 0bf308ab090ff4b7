using System.Text.RegularExpressions;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>Reads ampctl's human output by column header and by label, so that an added column or line does not matter.</summary>
public static partial class TextOutput
{
    /// <summary>
    /// The rows of a table whose header names its columns (<c>NODE ID   STATUS ...</c>): each row as a map from
    /// column name to the trimmed text under it. Columns are cut at the positions where the header names start.
    /// </summary>
    public static List<Dictionary<string, string>> Table(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var header = lines[0];
        var starts = HeaderNames().Matches(header).Select(m => (m.Value, m.Index)).ToList();
        Assert.True(starts.Count > 1, $"not a table header: '{header}'");
        var rows = new List<Dictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < starts.Count; i++)
            {
                var from = starts[i].Index;
                var to = i + 1 < starts.Count ? starts[i + 1].Index : line.Length;
                row[starts[i].Value] = from >= line.Length ? "" : line[from..Math.Min(to, line.Length)].Trim();
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The header's column names, in order.</summary>
    public static List<string> Columns(string text) =>
        HeaderNames().Matches(text.Split('\n')[0]).Select(m => m.Value).ToList();

    /// <summary><c>Label:  value</c> lines as a map from label (indentation and colon removed) to value.</summary>
    public static Dictionary<string, string> Labels(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in LabelLine().Matches(text))
            map.TryAdd(m.Groups[1].Value, m.Groups[2].Value.TrimEnd());
        return map;
    }

    // Names are separated by two or more spaces; a name may contain single spaces (NODE ID, LAST HEARTBEAT).
    [GeneratedRegex(@"\S+(?: \S+)*")]
    private static partial Regex HeaderNames();

    [GeneratedRegex(@"^[ \t]*([A-Z][A-Za-z ]*?):[ \t]*(.*)$", RegexOptions.Multiline)]
    private static partial Regex LabelLine();
}
