using Amp.Core.Workers;
using Spectre.Console;

namespace Ampctl.Output.Workers;

/// <summary>The colour of a worker status: active green, stalled yellow, inactive red.</summary>
internal static class StatusStyle
{
    /// <summary>The Spectre colour, for tables.</summary>
    public static Color ColourOf(WorkerStatus status) => status switch
    {
        WorkerStatus.Active => Color.Green,
        WorkerStatus.Stalled => Color.Yellow,
        _ => Color.Red,
    };

    /// <summary>The status's wire name, wrapped in its ANSI colour when <paramref name="colour"/> is on.</summary>
    public static string Paint(WorkerStatus status, bool colour)
    {
        var name = status.ToWire();
        if (!colour)
            return name;
        // The SGR codes Spectre writes for the colours above: green (2) is 32, yellow (11) and red (9) are 93 and 91.
        var sgr = status switch
        {
            WorkerStatus.Active => 32,
            WorkerStatus.Stalled => 93,
            _ => 91,
        };
        return $"\u001b[{sgr}m{name}\u001b[0m";
    }
}
