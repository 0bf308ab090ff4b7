using System.CommandLine;

namespace Ampctl.Commands;

/// <summary><c>ampctl version</c>: the same line as <c>ampctl --version</c>, as kubectl and Temporal's CLI have it.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print ampctl's version, commit and build date");
        command.Action = new VersionInfo();
        return command;
    }
}
