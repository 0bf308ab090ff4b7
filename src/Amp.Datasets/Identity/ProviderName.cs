using System.Diagnostics.CodeAnalysis;

namespace Amp.Datasets.Identity;

/// <summary>A provider name, which is also its file name in <c>providers_dir</c>: <c>^[a-z_][a-z0-9_]*$</c>.</summary>
public readonly record struct ProviderName
{
    public const string Rule = "a provider name starts with a lowercase ASCII letter or '_' and continues with lowercase letters, digits or '_' (no '-'), e.g. 'eth_mainnet'";

    private readonly string? _value;
    private ProviderName(string value) => _value = value;
    public string Value => _value ?? throw new InvalidOperationException("default(ProviderName) has no value");

    public static bool TryParse(string? raw, out ProviderName value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        error = IdentifierRules.Check("provider name", raw, IdentifierRules.LowerOrUnderscore, IdentifierRules.LowerDigitOrUnderscore, Rule, 255);
        if (error is not null)
            return false;
        value = new ProviderName(raw!);
        return true;
    }

    public static ProviderName Parse(string raw) => TryParse(raw, out var v, out var e) ? v : throw new FormatException(e);

    public override string ToString() => Value;
}
