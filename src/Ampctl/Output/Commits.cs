namespace Ampctl.Output;

/// <summary>Short commit hashes for humans: the first characters of a SHA; anything else (<c>unknown</c>) as is.</summary>
internal static class Commits
{
    public static string Short(string sha, int length) =>
        sha.Length > length && sha.All(char.IsAsciiHexDigit) ? sha[..length] : sha;
}
