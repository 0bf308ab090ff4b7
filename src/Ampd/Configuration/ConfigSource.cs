using System.Collections;
using System.Globalization;
using Tomlyn;
using Tomlyn.Model;

namespace Ampd.Configuration;

/// <summary>
/// The raw settings: the TOML config file flattened to dotted keys (<c>metadata_db.url</c>), overridden by
/// environment variables <c>AMP_CONFIG_&lt;KEY&gt;</c> with <c>__</c> for nesting (<c>AMP_CONFIG_METADATA_DB__URL</c>).
/// </summary>
public sealed class ConfigSource
{
    public const string EnvPrefix = "AMP_CONFIG_";

    private readonly Dictionary<string, (object Value, string Origin)> _values = new(StringComparer.OrdinalIgnoreCase);

    public string? FilePath { get; private init; }

    public static ConfigSource Load(string? filePath, IDictionary environment)
    {
        var source = new ConfigSource { FilePath = filePath };
        if (filePath is not null)
        {
            if (Directory.Exists(filePath))
                throw new ConfigException($"config path '{filePath}' is a directory; pass the path of a TOML file");
            if (!File.Exists(filePath))
                throw new ConfigException($"config file '{filePath}' does not exist; check --config / AMP_CONFIG");
            TomlTable table;
            try
            {
                table = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(filePath))!;
            }
            catch (TomlException ex)
            {
                throw new ConfigException($"config file '{filePath}' is not valid TOML: {ex.Message}");
            }
            source.Flatten(table, "", $"config file {filePath}");
        }
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvPrefix, StringComparison.Ordinal) && entry.Value is string value)
            {
                var key = name[EnvPrefix.Length..].Replace("__", ".", StringComparison.Ordinal).ToLowerInvariant();
                source._values[key] = (value, $"environment variable {name}");
            }
        }
        return source;
    }

    private void Flatten(TomlTable table, string prefix, string origin)
    {
        foreach (var (key, value) in table)
        {
            var full = prefix + key;
            if (value is TomlTable nested)
                Flatten(nested, full + ".", origin);
            else
                _values[full] = (value, origin);
        }
    }

    public string? GetString(string key) => _values.TryGetValue(key, out var v)
        ? Convert.ToString(v.Value, CultureInfo.InvariantCulture)
        : null;

    public double? GetNumber(string key)
    {
        if (!_values.TryGetValue(key, out var v))
            return null;
        return v.Value switch
        {
            long l => l,
            double d => d,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw new ConfigException($"{key} (from {v.Origin}) must be a number, got '{v.Value}'"),
        };
    }

    public bool? GetBool(string key)
    {
        if (!_values.TryGetValue(key, out var v))
            return null;
        return v.Value switch
        {
            bool b => b,
            string s when bool.TryParse(s, out var b) => b,
            "1" => true,
            "0" => false,
            _ => throw new ConfigException($"{key} (from {v.Origin}) must be true or false, got '{v.Value}'"),
        };
    }

    /// <summary>A list setting: a TOML array of strings, or a comma-separated string (environment variables).</summary>
    public IReadOnlyList<string> GetStringList(string key)
    {
        if (!_values.TryGetValue(key, out var v))
            return [];
        IEnumerable<string> items = v.Value switch
        {
            TomlArray array => array.Select(i => i as string ?? throw new ConfigException($"{key} (from {v.Origin}) must be a list of strings, got '{i}'")),
            string s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => throw new ConfigException($"{key} (from {v.Origin}) must be a list of strings, got '{v.Value}'"),
        };
        return items.ToList();
    }

    /// <summary>A path setting resolved from the config file's folder when relative (the working directory without a file).</summary>
    public string Resolve(string path) =>
        Path.IsPathRooted(path) || FilePath is null ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(FilePath))!, path));

    /// <summary>Every key that was set, with where it came from ("config file X" or "environment variable Y").</summary>
    public IEnumerable<(string Key, string Origin)> Entries => _values.Select(kv => (kv.Key, kv.Value.Origin));

    public string OriginOf(string key) => _values.TryGetValue(key, out var v) ? v.Origin : "default";
}

/// <summary>A configuration problem an operator must fix; the message says what and where.</summary>
public sealed class ConfigException(string message) : Exception(message);
