namespace Amp.Core.CommandLine;

/// <summary>
/// Lets global options come before the command, as in Amp (<c>ampd --config FILE worker</c>,
/// <c>ampctl --admin-url URL worker list</c>): options written before the first command word are moved to the end
/// of the command line (before a <c>--</c>), where the command that owns them parses them.
/// </summary>
public static class LeadingOptions
{
    /// <param name="args">The raw command line.</param>
    /// <param name="withValue">Options that take a value (<c>--config</c>, <c>-c</c>); <c>--config=FILE</c> is one token.</param>
    /// <param name="flags">Options without a value (<c>--json</c>).</param>
    public static string[] Hoist(IReadOnlyList<string> args, IReadOnlySet<string> withValue, IReadOnlySet<string> flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(withValue);
        ArgumentNullException.ThrowIfNull(flags);
        var leading = new List<string>();
        var i = 0;
        while (i < args.Count)
        {
            var token = args[i];
            var name = token.Split('=', 2)[0];
            if (withValue.Contains(name) && token.Contains('=', StringComparison.Ordinal))
                leading.Add(args[i++]);
            else if (withValue.Contains(token) && i + 1 < args.Count)
            {
                leading.Add(args[i++]);
                leading.Add(args[i++]);
            }
            else if (flags.Contains(token))
                leading.Add(args[i++]);
            else
                break;
        }
        if (leading.Count == 0 || i == args.Count)
            return [.. args];
        var rest = args.Skip(i).ToList();
        var dashDash = rest.IndexOf("--");
        if (dashDash < 0)
            return [.. rest, .. leading];
        return [.. rest.Take(dashDash), .. leading, .. rest.Skip(dashDash)];
    }
}
