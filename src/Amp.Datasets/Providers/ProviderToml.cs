using System.Globalization;
using System.Text;
using Tomlyn;
using Tomlyn.Model;

namespace Amp.Datasets.Providers;

/// <summary>The one reader and writer of provider TOML files (<c>&lt;providers_dir&gt;/&lt;name&gt;.toml</c>).</summary>
public static class ProviderToml
{
    /// <summary>Reads the top-level keys of a provider file; values are string, long, bool, or the raw TOML value for the validator to refuse.</summary>
    public static bool TryRead(string text, out IReadOnlyList<KeyValuePair<string, object?>> values, out string? error)
    {
        values = [];
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(text)!;
        }
        catch (TomlException ex)
        {
            error = $"not valid TOML: {ex.Message}";
            return false;
        }
        values = table.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)).ToList();
        error = null;
        return true;
    }

    /// <summary>Writes a provider as TOML: one <c>key = value</c> line per stored key, <c>kind</c> first.</summary>
    public static string Write(ProviderDocument document)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in document.Entries)
        {
            sb.Append(key).Append(" = ");
            switch (value)
            {
                case string s:
                    AppendString(sb, s);
                    break;
                case long l:
                    sb.Append(l.ToString(CultureInfo.InvariantCulture));
                    break;
                case bool b:
                    sb.Append(b ? "true" : "false");
                    break;
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '\x7f': sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
