using Amp.Core.Build;

namespace Ampctl.Output.Workers;

/// <summary>What <c>ampctl worker verify</c> expects every active worker to run: a version, or a commit.</summary>
internal abstract record ExpectedBuild
{
    private ExpectedBuild()
    {
    }

    /// <summary>The exact version string a worker reports (<c>git describe</c>).</summary>
    public sealed record OfVersion(string Version) : ExpectedBuild
    {
        public override bool Matches(BuildInfo info) => string.Equals(info.Version, Version, StringComparison.Ordinal);

        public override string Describe() => Version;
    }

    /// <summary>A full commit SHA or a prefix of at least <see cref="MinPrefix"/> hex digits, lower case.</summary>
    public sealed record OfCommit(string Prefix) : ExpectedBuild
    {
        public override bool Matches(BuildInfo info) => info.CommitSha.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

        public override string Describe() => "commit " + Prefix;
    }

    public const int MinPrefix = 7;

    public abstract bool Matches(BuildInfo info);

    /// <summary><c>v1.2.0</c> or <c>commit 0123abc</c>, as in "run v1.2.0".</summary>
    public abstract string Describe();

    /// <summary>Checks a <c>--commit</c> value: 7 to 40 hex digits.</summary>
    public static bool TryParseCommit(string? raw, out OfCommit commit, out string error)
    {
        commit = null!;
        var value = raw?.Trim() ?? "";
        if (value.Length is < MinPrefix or > 40 || !value.All(char.IsAsciiHexDigit))
        {
            error = $"expected a commit SHA or a prefix of it, {MinPrefix} to 40 hex digits";
            return false;
        }
        commit = new OfCommit(value.ToLowerInvariant());
        error = "";
        return true;
    }
}
