using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Amp.Datasets.Identity;

/// <summary>A manifest's identity: the lowercase hex SHA-256 of its canonical JSON, 64 digits, no <c>0x</c>.</summary>
public readonly record struct ManifestHash
{
    public const string Rule = "a manifest hash is 64 hexadecimal digits (SHA-256 of the canonical manifest), without '0x'";

    private readonly string? _value;
    private ManifestHash(string value) => _value = value;
    public string Value => _value ?? throw new InvalidOperationException("default(ManifestHash) has no value");

    /// <summary>Accepts either case (as Amp does) and keeps lowercase, the form every stored hash has.</summary>
    public static bool TryParse(string? raw, out ManifestHash value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (raw is null || raw.Length != 64 || !raw.All(char.IsAsciiHexDigit))
        {
            error = $"invalid manifest hash '{IdentifierRules.Shorten(raw ?? "")}': {Rule}";
            return false;
        }
        error = null;
        value = new ManifestHash(raw.ToLowerInvariant());
        return true;
    }

    public static bool IsHashLike(string raw) => raw.Length == 64 && raw.All(char.IsAsciiHexDigit);

    public static ManifestHash Parse(string raw) => TryParse(raw, out var v, out var e) ? v : throw new FormatException(e);

    public static ManifestHash Of(ReadOnlySpan<byte> canonical) => new(Convert.ToHexStringLower(SHA256.HashData(canonical)));

    public override string ToString() => Value;
}
