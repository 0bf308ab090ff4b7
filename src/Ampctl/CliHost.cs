namespace Ampctl;

/// <summary>
/// What one run of ampctl talks to: its output streams, whether stdout is a terminal, and its environment.
/// The process uses <see cref="FromProcess"/>; tests pass writers and a dictionary to run the CLI in-process.
/// </summary>
public sealed record CliHost(TextWriter Stdout, TextWriter Stderr, bool StdoutIsTerminal, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>
    /// Lets a long-running command (<c>worker watch</c>) catch Ctrl+C: the callback runs on the first interrupt
    /// until the returned handle is disposed. Only the real process sets it; in-process runs are stopped with
    /// their <see cref="CancellationToken"/> instead.
    /// </summary>
    public Func<Action, IDisposable>? RegisterInterrupt { get; init; }

    public static CliHost FromProcess()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
                env[key] = value;
        }
        return new CliHost(Console.Out, Console.Error, !Console.IsOutputRedirected, env)
        {
            RegisterInterrupt = ProcessSignals.Register,
        };
    }

    /// <summary>The variable's value, or null when it is not set.</summary>
    public string? GetEnv(string name) => Environment.TryGetValue(name, out var value) ? value : null;

    /// <summary>The variable's value, or null when it is not set or empty.</summary>
    public string? GetEnvNonEmpty(string name) => GetEnv(name) is { Length: > 0 } value ? value : null;
}
