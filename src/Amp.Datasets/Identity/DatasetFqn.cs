using System.Diagnostics.CodeAnalysis;

namespace Amp.Datasets.Identity;

/// <summary>A dataset's fully qualified name <c>namespace/name</c> (<c>_/eth_rpc</c>).</summary>
public readonly record struct DatasetFqn(DatasetNamespace Namespace, DatasetName Name)
{
    public const string Rule = "write a dataset as namespace/name, e.g. _/eth_rpc ('_' is the global namespace)";

    public static bool TryParse(string? raw, out DatasetFqn fqn, [NotNullWhen(false)] out string? error)
    {
        fqn = default;
        var slash = raw?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash < 0)
        {
            error = $"invalid dataset '{IdentifierRules.Shorten(raw ?? "")}': {Rule}";
            return false;
        }
        if (!DatasetNamespace.TryParse(raw![..slash], out var ns, out error) || !DatasetName.TryParse(raw[(slash + 1)..], out var name, out error))
            return false;
        fqn = new DatasetFqn(ns, name);
        return true;
    }

    public override string ToString() => $"{Namespace}/{Name}";
}
