using System.Text.RegularExpressions;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>
/// The shell commands of README.md, read from the file itself: the lines of the <c>```sh</c> blocks under one
/// <c>## heading</c>, except a block marked <c>&lt;!-- not-run: reason --&gt;</c> on the line before it. A line that starts a server (<c>ampd solo</c>, <c>ampd worker</c>, <c>ampd controller</c>) runs
/// until stopped; every other line is a command that must finish with exit code 0.
/// </summary>
public static partial class ReadmeCommands
{
    public static string ReadmePath => Path.Combine(Binaries.RepoRoot, "README.md");

    /// <summary>The command lines of the sh blocks in the section titled <paramref name="heading"/>, in order.</summary>
    public static IReadOnlyList<string> Section(string heading)
    {
        var text = File.ReadAllText(ReadmePath);
        var start = text.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        if (start < 0)
            throw new InvalidOperationException($"README.md has no section '## {heading}'");
        var next = text.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        var section = next < 0 ? text[start..] : text[start..next];
        return ShBlock().Matches(section)
            .Where(m => !m.Groups["notRun"].Success)
            .SelectMany(m => m.Groups["body"].Value.Split('\n'))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .ToList();
    }

    public static bool StartsServer(string line) => ServerLine().IsMatch(line);

    [GeneratedRegex(@"(?<notRun><!--\s*not-run:[^\n]*-->\n)?```sh\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShBlock();

    [GeneratedRegex(@"\bampd (solo|worker|controller)\b")]
    private static partial Regex ServerLine();
}
