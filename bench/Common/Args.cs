using System.Globalization;

namespace Amp.Bench.Common;

/// <summary>Command-line options of the form <c>--name value</c> (and bare <c>--flag</c>).</summary>
public sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(list[i]);
                continue;
            }
            var key = list[i][2..];
            if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                _values[key] = list[++i];
            else
                _values[key] = "true";
        }
    }

    public List<string> Positional { get; } = [];

    public string Str(string key) => _values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"missing --{key}");
    public string Str(string key, string fallback) => _values.GetValueOrDefault(key, fallback);
    public string? Opt(string key) => _values.GetValueOrDefault(key);
    public int Int(string key, int fallback) => _values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public double Dbl(string key, double fallback) => _values.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public bool Flag(string key) => _values.TryGetValue(key, out var v) && v != "false";

    public int[] Ints(string key, string fallback) =>
        Str(key, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
