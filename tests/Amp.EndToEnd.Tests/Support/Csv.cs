using System.Text;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>A strict RFC 4180 reader for one CSV line, to check what jq's <c>@csv</c> wrote.</summary>
public static class Csv
{
    public static List<string> ParseLine(string line)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            var field = new StringBuilder();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                        throw new FormatException($"unterminated quoted field in: {line}");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    if (line[i] == '"')
                        throw new FormatException($"quote inside an unquoted field in: {line}");
                    field.Append(line[i++]);
                }
            }
            fields.Add(field.ToString());
            if (i == line.Length)
                return fields;
            if (line[i] != ',')
                throw new FormatException($"expected a comma at position {i} in: {line}");
            i++;
        }
    }
}
