using System.CommandLine;
using System.CommandLine.Help;
using Ampctl.Output;

namespace Ampctl;

/// <summary>
/// Runs one ampctl command line and returns its exit code (<see cref="ExitCodes"/>). Nothing escapes as an
/// exception: usage errors exit 2, API and unexpected errors exit 1 with one line on stderr, never a stack trace.
/// </summary>
public static class Cli
{
    /// <summary>
    /// Runs in-process with the given writers. Stdout counts as not a terminal (no colour, wide tables), and
    /// <paramref name="environment"/> is the whole environment the command sees (null: an empty one).
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default) =>
        RunAsync(args, new CliHost(stdout, stderr, StdoutIsTerminal: false, environment ?? new Dictionary<string, string>()), ct);

    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        var errors = new ErrorWriter(host.Stderr);
        try
        {
            var root = Program.BuildCommandTree(host);
            var parsed = root.Parse(Amp.Core.CommandLine.LeadingOptions.Hoist(args, Commands.CommonOptions.GlobalWithValue, Commands.CommonOptions.GlobalFlags));
            if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
            {
                foreach (var error in parsed.Errors)
                    errors.Write(error.Message);
                if (DidYouMean(parsed) is { } hint)
                    errors.WriteCause(hint);
                errors.WriteCause($"run '{CommandPath(parsed)} --help' for usage");
                return ExitCodes.Usage;
            }

            var config = new InvocationConfiguration
            {
                Output = host.Stdout,
                Error = host.Stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parsed.InvokeAsync(config, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            errors.Write("cancelled");
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // The CLI's last line of defence: one message, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            errors.Write($"unexpected error: {ex.Message} ({ex.GetType().Name})");
            return ExitCodes.Failure;
        }
        finally
        {
            await host.Stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await host.Stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>"did you mean 'list'?" for a mistyped command or option, or null when nothing is close.</summary>
    private static string? DidYouMean(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.Count == 0)
            return null;
        var typed = parsed.UnmatchedTokens[0];
        var command = parsed.CommandResult.Command;
        var candidates = typed.StartsWith('-')
            ? command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        return Amp.Core.CommandLine.NearestName.Find(typed, candidates) is { } near
            ? $"did you mean '{CommandPath(parsed)} {near}'?"
            : null;
    }

    /// <summary>"ampctl worker inspect" for the deepest command the parser recognised.</summary>
    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(result.Command.Name);
        names.Reverse();
        names[0] = "ampctl";
        return string.Join(' ', names);
    }
}
