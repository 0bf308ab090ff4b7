using System.Diagnostics.CodeAnalysis;

namespace Amp.Datasets.Identity;

/// <summary>A dataset namespace: <c>[a-z0-9_]+</c>; <c>_</c> is the global one.</summary>
public readonly record struct DatasetNamespace
{
    public const string Rule = "a namespace is lowercase ASCII letters, digits and '_', e.g. '_' or 'edgeandnode'";
    public static readonly DatasetNamespace Global = new("_");

    private readonly string? _value;
    private DatasetNamespace(string value) => _value = value;
    public string Value => _value ?? throw new InvalidOperationException("default(DatasetNamespace) has no value");

    public static bool TryParse(string? raw, out DatasetNamespace value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        error = IdentifierRules.Check("namespace", raw, IdentifierRules.LowerDigitOrUnderscore, IdentifierRules.LowerDigitOrUnderscore, Rule);
        if (error is not null)
            return false;
        value = new DatasetNamespace(raw!);
        return true;
    }

    public static DatasetNamespace Parse(string raw) => TryParse(raw, out var v, out var e) ? v : throw new FormatException(e);

    public override string ToString() => Value;
}
