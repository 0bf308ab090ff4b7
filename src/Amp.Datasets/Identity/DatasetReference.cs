using System.Diagnostics.CodeAnalysis;

namespace Amp.Datasets.Identity;

/// <summary>A reference <c>[pkg:amp/]namespace/name@revision</c> (<c>_/anvil_rpc@1.0.0</c>); both <c>/</c> and <c>@</c> are required.</summary>
public sealed record DatasetReference(DatasetFqn Dataset, Revision Revision)
{
    public const string Rule = "write a reference as namespace/name@revision, e.g. _/eth_rpc@1.0.0, _/eth_rpc@latest or _/eth_rpc@dev";
    private const string Prefix = "pkg:amp/";

    public static bool TryParse(string? raw, [NotNullWhen(true)] out DatasetReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        var text = raw ?? "";
        if (text.StartsWith(Prefix, StringComparison.Ordinal))
            text = text[Prefix.Length..];
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            error = $"invalid reference '{IdentifierRules.Shorten(raw ?? "")}': {Rule}";
            return false;
        }
        if (!DatasetFqn.TryParse(text[..at], out var fqn, out error) || !Revision.TryParse(text[(at + 1)..], out var revision, out error))
            return false;
        reference = new DatasetReference(fqn, revision);
        return true;
    }

    public override string ToString() => $"{Dataset}@{Revision}";
}
