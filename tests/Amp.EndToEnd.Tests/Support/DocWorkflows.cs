using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>One documented command, with the exit codes the doc shows for it (empty: any code but 0 is a failure).</summary>
public sealed record DocCommand(string Doc, int Line, string Text, IReadOnlyList<int> ShownFailureCodes, string? FileContent)
{
    public bool Accepts(int exitCode) => exitCode == 0 ? ShownFailureCodes.Count == 0 || ShownFailureCodes.Contains(0) : ShownFailureCodes.Contains(exitCode);

    public override string ToString() => $"{Doc}:{Line}: {Text}";
}

/// <summary>
/// The workflows of an operator doc, extracted from its text. The convention (README.md, "Docs are run", in short):
/// <list type="bullet">
/// <item>A block fenced as <c>```sh</c> or <c>```bash</c> is a workflow: each of its commands runs, in order.</item>
/// <item>An unlabelled block is a transcript when it has <c>$ </c> lines: those are the commands (with their
/// continuation lines, until the command is complete shell), the other lines are the output shown.</item>
/// <item>Every other block (output, config, SQL, code) is an example and is not run.</item>
/// <item><c>&lt;!-- not-run: reason --&gt;</c> on the line before a block excludes that block;
/// <c>&lt;!-- doc-not-run: reason --&gt;</c> anywhere excludes the whole doc. The reason is required.</item>
/// <item>A command must exit 0, unless the doc shows it failing: output starting with <c>✗</c> or <c>error:</c>
/// (it must then exit 1 or 2), or a following <c>$ echo $?</c> showing a code (that code, or 0: such a code depends on
/// the state of the fleet the doc was written on, a stalled or missing worker).</item>
/// <item><c>&lt;!-- file: NAME --&gt;</c> on the line before a block: the block is a script the doc's commands run
/// (<c>./NAME</c>); it is written to NAME, executable, instead of being run.</item>
/// <item><c>$ cat FILE</c> with output shows FILE's content: if FILE does not exist yet, the shown content is written
/// to it first, so the following commands use the file the doc shows.</item>
/// </list>
/// </summary>
public static partial class DocWorkflows
{
    public static string DocsDirectory => Path.Combine(Binaries.RepoRoot, "docs");

    /// <summary>The reason of a doc's <c>doc-not-run</c> marker, or null when the doc is run.</summary>
    public static string? DocExclusion(string doc)
    {
        var m = DocNotRun().Match(File.ReadAllText(Path.Combine(DocsDirectory, doc)));
        return m.Success ? m.Groups[1].Value.Trim() : null;
    }

    public static IReadOnlyList<DocCommand> Commands(string doc)
    {
        var lines = File.ReadAllText(Path.Combine(DocsDirectory, doc)).Split('\n');
        var commands = new List<DocCommand>();
        string? previousNonBlank = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (line.Trim().Length > 0)
                    previousNonBlank = line.Trim();
                continue;
            }
            var indent = line.Length - line.TrimStart().Length; // a block inside a list item
            var info = line.Trim()[3..].Trim();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].Trim() != "```")
                end++;
            if (end == lines.Length)
                throw new InvalidOperationException($"{doc}:{i + 1}: code block is not closed");
            var body = lines[start..end].Select(l => l.Length >= indent && l[..indent].Trim().Length == 0 ? l[indent..] : l.TrimStart()).ToArray();
            var marker = previousNonBlank is null ? null : NotRun().Match(previousNonBlank);
            var excluded = marker is { Success: true };
            if (excluded && marker!.Groups[1].Value.Trim().Length == 0)
                throw new InvalidOperationException($"{doc}:{i}: a not-run marker must give its reason");
            var file = previousNonBlank is null ? null : FileMarker().Match(previousNonBlank);
            if (file is { Success: true } && !excluded)
                commands.Add(new DocCommand(doc, start, $"cat > {file.Groups[1].Value} <<'__DOC_SCRIPT__' && chmod +x {file.Groups[1].Value}\n{string.Join('\n', body)}\n__DOC_SCRIPT__", [], null));
            else if (!excluded)
            {
                if (info is "sh" or "bash")
                    commands.AddRange(Script(doc, start, body));
                else if (info.Length == 0 && body.Any(l => l.StartsWith("$ ", StringComparison.Ordinal)))
                    commands.AddRange(Transcript(doc, start, body));
            }
            i = end;
            previousNonBlank = null;
        }
        return commands;
    }

    private static IEnumerable<DocCommand> Script(string doc, int firstLine, string[] body)
    {
        for (var j = 0; j < body.Length; j++)
        {
            if (body[j].Trim().Length == 0 || body[j].TrimStart().StartsWith('#'))
                continue;
            var line = j;
            var text = body[j];
            while (!IsComplete(text) && j + 1 < body.Length)
                text += "\n" + body[++j];
            yield return new DocCommand(doc, firstLine + line + 1, text, [], null);
        }
    }

    private static IEnumerable<DocCommand> Transcript(string doc, int firstLine, string[] body)
    {
        var parsed = new List<(int Line, string Text, List<string> Output)>();
        for (var j = 0; j < body.Length; j++)
        {
            if (!body[j].StartsWith("$ ", StringComparison.Ordinal))
            {
                if (parsed.Count > 0)
                    parsed[^1].Output.Add(body[j]);
                continue;
            }
            var line = j;
            var text = body[j][2..];
            while (!IsComplete(text) && j + 1 < body.Length)
                text += "\n" + body[++j];
            parsed.Add((firstLine + line + 1, text, []));
        }
        for (var k = 0; k < parsed.Count; k++)
        {
            var (line, text, output) = parsed[k];
            if (text.TrimStart().StartsWith('#'))
                continue;
            var shown = output.FirstOrDefault(o => o.Trim().Length > 0)?.TrimStart() ?? "";
            List<int> codes = [];
            if (k + 1 < parsed.Count && parsed[k + 1].Text.Trim() == "echo $?"
                && int.TryParse(parsed[k + 1].Output.FirstOrDefault()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                codes.AddRange(code == 0 ? [] : [code, 0]); // the code depends on the fleet's state then (a stalled worker)
            else if (shown.StartsWith('✗') || shown.StartsWith("error:", StringComparison.Ordinal))
                codes.AddRange(text.TrimEnd().EndsWith("echo \"exit $?\"", StringComparison.Ordinal) ? [] : [1, 2]);
            var file = CatFile().Match(text.Trim()) is { Success: true } && output.Count > 0 ? string.Join('\n', output) + "\n" : null;
            yield return new DocCommand(doc, line, text, codes, file);
        }
    }

    /// <summary>Whether bash reads <paramref name="text"/> as complete commands (an open quote, loop or pipe is not).</summary>
    private static bool IsComplete(string text)
    {
        if (text.TrimEnd().EndsWith('\\') || text.TrimEnd().EndsWith('|'))
            return false;
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-n");
        using var bash = Process.Start(psi)!;
        bash.StandardInput.Write(text + "\n");
        bash.StandardInput.Close();
        var stderr = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        return !stderr.Contains("unexpected end of file", StringComparison.Ordinal) && !stderr.Contains("unexpected EOF", StringComparison.Ordinal);
    }

    /// <summary>
    /// A bash script that runs the commands in one shell, in order, each between markers that carry its index and
    /// exit code (<c>$?</c> is restored before each command, so a documented <c>echo $?</c> shows the previous one's).
    /// </summary>
    public static string Script(IReadOnlyList<DocCommand> commands, Func<string, string> substitute)
    {
        var script = new StringBuilder("exec 2>&1\n__rc=0\n");
        for (var i = 0; i < commands.Count; i++)
        {
            var c = commands[i];
            script.Append(CultureInfo.InvariantCulture, $"printf '\\n@@begin {i}\\n'\n");
            if (c.FileContent is not null)
            {
                var name = CatFile().Match(c.Text.Trim()).Groups[1].Value;
                script.Append(CultureInfo.InvariantCulture, $"[ -e {name} ] || cat > {name} <<'__DOC_FILE__'\n{substitute(c.FileContent)}__DOC_FILE__\n");
            }
            script.Append("(exit $__rc)\n").Append(substitute(c.Text)).Append('\n');
            script.Append(CultureInfo.InvariantCulture, $"__rc=$?; printf '\\n@@end {i} %d\\n' \"$__rc\"\n");
        }
        return script.ToString();
    }

    /// <summary>Each command's exit code and output from a run of <see cref="Script"/> (a missing end: it never ended).</summary>
    public static IReadOnlyList<(int? ExitCode, string Output)> Results(string output, int count)
    {
        var results = new List<(int?, string)>();
        for (var i = 0; i < count; i++)
        {
            var begin = output.IndexOf($"\n@@begin {i}\n", StringComparison.Ordinal);
            if (begin < 0)
                break;
            begin += $"\n@@begin {i}\n".Length;
            var end = EndMarker().Match(output, begin);
            if (!end.Success || end.Groups[1].Value != i.ToString(CultureInfo.InvariantCulture))
            {
                results.Add((null, output[begin..]));
                break;
            }
            results.Add((int.Parse(end.Groups[2].Value, CultureInfo.InvariantCulture), output[begin..end.Index]));
        }
        return results;
    }

    [GeneratedRegex(@"<!--\s*not-run:(.*?)-->")]
    private static partial Regex NotRun();

    [GeneratedRegex(@"<!--\s*doc-not-run:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex DocNotRun();

    [GeneratedRegex(@"<!--\s*file:\s*(\S+)\s*-->")]
    private static partial Regex FileMarker();

    [GeneratedRegex(@"^cat (\S+)$")]
    private static partial Regex CatFile();

    [GeneratedRegex(@"\n@@end (\d+) (\d+)\n")]
    private static partial Regex EndMarker();
}
