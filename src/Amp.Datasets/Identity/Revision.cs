using System.Diagnostics.CodeAnalysis;

namespace Amp.Datasets.Identity;

/// <summary>
/// What follows <c>@</c> in a reference: <c>latest</c> (the highest version), <c>dev</c> (the last registration),
/// a manifest hash, or a version tag, tried in that order as Amp does.
/// </summary>
public abstract record Revision
{
    public const string Rule = "a revision is 'latest', 'dev', a 64-hex manifest hash or a semantic version such as 1.0.0";

    private Revision() { }

    public sealed record Latest : Revision { public override string ToString() => "latest"; }
    public sealed record Dev : Revision { public override string ToString() => "dev"; }
    public sealed record Hash(ManifestHash Value) : Revision { public override string ToString() => Value.Value; }
    public sealed record Version(DatasetVersion Value) : Revision { public override string ToString() => Value.ToString(); }

    public static bool TryParse(string? raw, [NotNullWhen(true)] out Revision? revision, [NotNullWhen(false)] out string? error)
    {
        revision = null;
        error = null;
        switch (raw)
        {
            case "latest":
                revision = new Latest();
                return true;
            case "dev":
                revision = new Dev();
                return true;
        }
        if (raw is not null && ManifestHash.IsHashLike(raw))
        {
            revision = new Hash(ManifestHash.Parse(raw));
            return true;
        }
        if (DatasetVersion.TryParse(raw, out var v, out _))
        {
            revision = new Version(v);
            return true;
        }
        error = $"invalid revision '{IdentifierRules.Shorten(raw ?? "")}': {Rule}";
        return false;
    }

    public static Revision Parse(string raw) => TryParse(raw, out var r, out var e) ? r : throw new FormatException(e);
}
