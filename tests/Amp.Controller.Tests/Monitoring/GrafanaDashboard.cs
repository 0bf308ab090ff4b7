using System.Text.Json;

namespace Amp.Controller.Tests.Monitoring;

/// <summary>One query of a dashboard panel.</summary>
public sealed record DashboardTarget(string Panel, string? RefId, string? Expr, string? DatasourceUid);

/// <summary>A Grafana dashboard export read with System.Text.Json: its panels (rows flattened) and their queries.</summary>
public sealed class GrafanaDashboard
{
    private GrafanaDashboard(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public static GrafanaDashboard Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return new GrafanaDashboard(doc.RootElement.Clone());
    }

    /// <summary>Every panel, including those inside collapsed rows; rows themselves excluded.</summary>
    public IReadOnlyList<JsonElement> Panels => Flatten(Root.GetProperty("panels")).ToList();

    public IReadOnlyList<DashboardTarget> Targets =>
        Panels.SelectMany(p => TargetsOf(p).Select(t => new DashboardTarget(
            Title(p),
            Str(t, "refId"),
            Str(t, "expr"),
            t.TryGetProperty("datasource", out var ds) && ds.ValueKind == JsonValueKind.Object ? Str(ds, "uid") : null))).ToList();

    /// <summary>Templating variables by name, with the query of each query variable.</summary>
    public IReadOnlyDictionary<string, string?> Variables =>
        Root.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(
            v => v.GetProperty("name").GetString()!,
            v => v.TryGetProperty("query", out var q)
                ? q.ValueKind == JsonValueKind.Object ? Str(q, "query") : q.GetString()
                : null,
            StringComparer.Ordinal);

    public static string Title(JsonElement panel) => Str(panel, "title") ?? "(untitled)";

    public static IEnumerable<JsonElement> TargetsOf(JsonElement panel) =>
        panel.TryGetProperty("targets", out var targets) && targets.ValueKind == JsonValueKind.Array
            ? targets.EnumerateArray()
            : [];

    private static IEnumerable<JsonElement> Flatten(JsonElement panels)
    {
        foreach (var p in panels.EnumerateArray())
        {
            if (Str(p, "type") == "row")
            {
                if (p.TryGetProperty("panels", out var nested))
                    foreach (var inner in Flatten(nested))
                        yield return inner;
                continue;
            }
            yield return p;
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
