using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amp.Bench.Common;

/// <summary>
/// What one benchmark part measured for one system (a row of the report). <see cref="Metrics"/> holds one value
/// per run (or per sample, as the part says); the report prints their median with min and max.
/// <see cref="Pooled"/> holds figures computed over all runs' samples together.
/// </summary>
public sealed class ResultRow
{
    public string Label { get; set; } = "";
    public string? Settings { get; set; }
    public Dictionary<string, List<double>> Metrics { get; set; } = [];
    public Dictionary<string, double> Pooled { get; set; } = [];
    public List<string> Notes { get; set; } = [];
    public string? Error { get; set; }

    public void Add(string metric, double value)
    {
        if (!Metrics.TryGetValue(metric, out var list))
            Metrics[metric] = list = [];
        list.Add(Stats.Round(value, 3));
    }
}

/// <summary>The JSON file each benchmark program writes; bench/run.sh collects them and AmpBench report renders them.</summary>
public sealed class PartResult
{
    public string Part { get; set; } = "";
    public List<ResultRow> Rows { get; set; } = [];

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
    }

    public static PartResult Read(string path) =>
        JsonSerializer.Deserialize<PartResult>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty");
}
