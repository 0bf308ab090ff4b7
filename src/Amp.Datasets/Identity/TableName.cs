using System.Diagnostics.CodeAnalysis;

namespace Amp.Datasets.Identity;

/// <summary>A table name: a SQL identifier of 1 to 63 characters, <c>[A-Za-z_][A-Za-z0-9_$]*</c>.</summary>
public readonly record struct TableName
{
    public const string Rule = "a table name is 1 to 63 characters: an ASCII letter or '_', then letters, digits, '_' or '$'";

    private readonly string? _value;
    private TableName(string value) => _value = value;
    public string Value => _value ?? throw new InvalidOperationException("default(TableName) has no value");

    public static bool TryParse(string? raw, out TableName value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        error = IdentifierRules.Check("table name", raw, c => char.IsAsciiLetter(c) || c == '_',
            c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$', Rule, 63);
        if (error is not null)
            return false;
        value = new TableName(raw!);
        return true;
    }

    public static TableName Parse(string raw) => TryParse(raw, out var v, out var e) ? v : throw new FormatException(e);

    public override string ToString() => Value;
}
