using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Amp.Controller.Tests.Monitoring;

/// <summary>
/// A Prometheus rule file (<c>groups: [{name, rules: [...]}]</c>) as YamlDotNet reads it. Unknown keys fail the
/// load, so a misspelt <c>annotation:</c> or <c>label:</c> is caught rather than silently dropped.
/// </summary>
public sealed class AlertRuleFile
{
    public List<RuleGroup>? Groups { get; set; }

    public IEnumerable<Rule> Rules => (Groups ?? []).SelectMany(g => g.Rules ?? []);

    public IEnumerable<Rule> Alerts => Rules.Where(r => r.Alert is not null);

    public static AlertRuleFile Load(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build();
        return deserializer.Deserialize<AlertRuleFile>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty");
    }
}

public sealed class RuleGroup
{
    public string? Name { get; set; }
    public string? Interval { get; set; }
    public List<Rule>? Rules { get; set; }
}

public sealed class Rule
{
    public string? Alert { get; set; }
    public string? Record { get; set; }
    public string? Expr { get; set; }
    public string? For { get; set; }
    public string? KeepFiringFor { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }

    public override string ToString() => Alert ?? Record ?? "(unnamed rule)";
}
