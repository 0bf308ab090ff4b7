using Spectre.Console;

namespace Ampctl.Output;

/// <summary>
/// Where a command's results go. Colour only when stdout is a terminal and <c>NO_COLOR</c> is not set
/// (whatever its value); otherwise plain text without a single escape sequence, and tables laid out for
/// <see cref="TableWidth"/> columns so that lines are never wrapped.
/// </summary>
internal sealed class CliOutput
{
    public const int TableWidth = 200;

    private readonly CliHost _host;

    public CliOutput(CliHost host)
    {
        _host = host;
        UseColour = host.StdoutIsTerminal && host.GetEnv("NO_COLOR") is null;
        Errors = new ErrorWriter(host.Stderr);
    }

    public bool UseColour { get; }

    public ErrorWriter Errors { get; }

    public TextWriter Stdout => _host.Stdout;

    /// <summary>The API's JSON exactly as returned, on one line, newline-terminated.</summary>
    public void WriteJson(string rawJson) => _host.Stdout.Write(CompactJson.Compact(rawJson) + "\n");

    /// <summary>Human text, written as is.</summary>
    public void WriteText(string text) => _host.Stdout.Write(text);

    /// <summary>
    /// Renders a Spectre widget with this run's colour and width, and writes it to stdout without the
    /// padding Spectre leaves at the end of lines.
    /// </summary>
    public void Write(Spectre.Console.Rendering.IRenderable widget)
    {
        using var buffer = new StringWriter();
        CreateConsole(buffer).Write(widget);
        foreach (var line in buffer.ToString().Split('\n'))
        {
            var trimmed = line.TrimEnd(' ', '\r');
            if (trimmed.Length > 0)
                _host.Stdout.Write(trimmed + "\n");
        }
    }

    /// <summary>
    /// A console for a display redrawn in place (Spectre's <c>Live</c>) on a terminal: ANSI cursor movement always,
    /// colour as for everything else, and the terminal's own width so that redrawn lines never wrap.
    /// </summary>
    public IAnsiConsole CreateLiveConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = UseColour ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(_host.Stdout),
            EnvironmentVariables = new Dictionary<string, string>(_host.Environment),
        });
        // An in-process run (a test) that says it is a terminal has no window to measure.
        if (!ReferenceEquals(_host.Stdout, Console.Out))
            console.Profile.Width = TableWidth;
        return console;
    }

    private IAnsiConsole CreateConsole(TextWriter target)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = UseColour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = UseColour ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(target),
            EnvironmentVariables = new Dictionary<string, string>(_host.Environment),
        });
        // Also on a terminal: a table of identifiers must never break a cell mid-word; a narrow terminal
        // soft-wraps whole lines instead, as kubectl's and docker's tables do.
        console.Profile.Width = TableWidth;
        return console;
    }
}
