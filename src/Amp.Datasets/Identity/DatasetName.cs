using System.Diagnostics.CodeAnalysis;

namespace Amp.Datasets.Identity;

/// <summary>A dataset name: <c>^[a-z_][a-z0-9_]*$</c>.</summary>
public readonly record struct DatasetName
{
    public const string Rule = "a dataset name starts with a lowercase ASCII letter or '_' and continues with lowercase letters, digits or '_', e.g. 'eth_rpc'";

    private readonly string? _value;
    private DatasetName(string value) => _value = value;
    public string Value => _value ?? throw new InvalidOperationException("default(DatasetName) has no value");

    public static bool TryParse(string? raw, out DatasetName value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        error = IdentifierRules.Check("dataset name", raw, IdentifierRules.LowerOrUnderscore, IdentifierRules.LowerDigitOrUnderscore, Rule);
        if (error is not null)
            return false;
        value = new DatasetName(raw!);
        return true;
    }

    public static DatasetName Parse(string raw) => TryParse(raw, out var v, out var e) ? v : throw new FormatException(e);

    public override string ToString() => Value;
}
