using System.Text;

namespace Ampctl.Output;

/// <summary>
/// Removes the insignificant whitespace of a JSON text and nothing else: every token, escape sequence and
/// field stays exactly as the server wrote it, so <c>--json</c> prints what the API returned, on one line.
/// </summary>
public static class CompactJson
{
    /// <param name="json">A valid JSON text (the client has already parsed it).</param>
    public static string Compact(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var sb = new StringBuilder(json.Length);
        var inString = false;
        var escaped = false;
        foreach (var c in json)
        {
            if (inString)
            {
                sb.Append(c);
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    inString = false;
            }
            else if (c is ' ' or '\t' or '\n' or '\r' or '\uFEFF')
            {
                // insignificant whitespace (and a stray byte-order mark) between tokens
            }
            else
            {
                sb.Append(c);
                if (c == '"')
                    inString = true;
            }
        }
        return sb.ToString();
    }
}
