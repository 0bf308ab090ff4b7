using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Amp.Datasets.Identity;

/// <summary>
/// A strict SemVer 2.0 version tag (<c>1.0.0</c>, <c>1.0.0-rc.1+b5</c>; not <c>1.0</c> or <c>v1.0.0</c>) ordered as
/// Rust's <c>semver</c> crate orders them, which Amp uses to move <c>latest</c>: build metadata is compared too.
/// </summary>
public sealed class DatasetVersion : IComparable<DatasetVersion>, IEquatable<DatasetVersion>
{
    public const string Rule = "a version is a semantic version MAJOR.MINOR.PATCH with optional -PRERELEASE and +BUILD, e.g. 1.0.0 or 2.1.0-rc.1";

    private DatasetVersion(ulong major, ulong minor, ulong patch, string[] pre, string[] build)
    {
        (Major, Minor, Patch, Pre, Build) = (major, minor, patch, pre, build);
    }

    public ulong Major { get; }
    public ulong Minor { get; }
    public ulong Patch { get; }
    public IReadOnlyList<string> Pre { get; }
    public IReadOnlyList<string> Build { get; }

    public static bool TryParse(string? raw, [NotNullWhen(true)] out DatasetVersion? version, [NotNullWhen(false)] out string? error)
    {
        version = null;
        error = $"invalid version '{IdentifierRules.Shorten(raw ?? "")}': {Rule}";
        if (string.IsNullOrEmpty(raw))
            return false;
        var rest = raw;
        string[] build = [];
        var plus = rest.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            build = rest[(plus + 1)..].Split('.');
            rest = rest[..plus];
            if (build.Any(b => b.Length == 0 || !b.All(IsIdentChar)))
                return false;
        }
        string[] pre = [];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            pre = rest[(dash + 1)..].Split('.');
            rest = rest[..dash];
            if (pre.Any(p => p.Length == 0 || !p.All(IsIdentChar) || (p.All(char.IsAsciiDigit) && p.Length > 1 && p[0] == '0')))
                return false;
        }
        var core = rest.Split('.');
        if (core.Length != 3 || !TryNumber(core[0], out var major) || !TryNumber(core[1], out var minor) || !TryNumber(core[2], out var patch))
            return false;
        error = null;
        version = new DatasetVersion(major, minor, patch, pre, build);
        return true;
    }

    public static DatasetVersion Parse(string raw) => TryParse(raw, out var v, out var e) ? v : throw new FormatException(e);

    private static bool IsIdentChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private static bool TryNumber(string s, out ulong value)
    {
        value = 0;
        return s.Length > 0 && s.All(char.IsAsciiDigit) && !(s.Length > 1 && s[0] == '0')
            && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public int CompareTo(DatasetVersion? other)
    {
        if (other is null)
            return 1;
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0)
            return c;
        // A release is greater than any pre-release of it.
        if (Pre.Count == 0 || other.Pre.Count == 0)
            c = other.Pre.Count.CompareTo(0) - Pre.Count.CompareTo(0);
        else
            c = CompareIdentifiers(Pre, other.Pre, ComparePre);
        if (c != 0)
            return c;
        // No build metadata is less than any.
        if (Build.Count == 0 || other.Build.Count == 0)
            return Build.Count.CompareTo(0) - other.Build.Count.CompareTo(0);
        return CompareIdentifiers(Build, other.Build, CompareBuild);
    }

    private static int CompareIdentifiers(IReadOnlyList<string> a, IReadOnlyList<string> b, Func<string, string, int> compare)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = compare(a[i], b[i]);
            if (c != 0)
                return c;
        }
        return a.Count.CompareTo(b.Count);
    }

    private static int ComparePre(string a, string b)
    {
        bool an = a.All(char.IsAsciiDigit), bn = b.All(char.IsAsciiDigit);
        if (an && bn)
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
        if (an != bn)
            return an ? -1 : 1;
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    private static int CompareBuild(string a, string b)
    {
        bool an = a.All(char.IsAsciiDigit), bn = b.All(char.IsAsciiDigit);
        if (an && bn)
        {
            string at = a.TrimStart('0'), bt = b.TrimStart('0');
            var c = at.Length != bt.Length ? at.Length.CompareTo(bt.Length) : Math.Sign(string.CompareOrdinal(at, bt));
            return c != 0 ? c : a.Length.CompareTo(b.Length);
        }
        if (an != bn)
            return an ? -1 : 1;
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    public bool Equals(DatasetVersion? other) => other is not null && CompareTo(other) == 0;
    public override bool Equals(object? obj) => obj is DatasetVersion v && Equals(v);
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public static bool operator >(DatasetVersion a, DatasetVersion b) => a.CompareTo(b) > 0;
    public static bool operator <(DatasetVersion a, DatasetVersion b) => a.CompareTo(b) < 0;
    public static bool operator >=(DatasetVersion a, DatasetVersion b) => a.CompareTo(b) >= 0;
    public static bool operator <=(DatasetVersion a, DatasetVersion b) => a.CompareTo(b) <= 0;

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (Pre.Count > 0 ? "-" + string.Join('.', Pre) : "") + (Build.Count > 0 ? "+" + string.Join('.', Build) : "");
}
