using System.CommandLine;
using Amp.Core.Build;

namespace Ampd.Commands;

/// <summary><c>ampd version</c>: the build information stamped at build time.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print build information (version, commit, commit timestamp, build date)");
        command.SetAction(_ =>
        {
            var info = BuildInfo.Current;
            Console.WriteLine($"ampd {info.Version}");
            Console.WriteLine($"commit:           {info.CommitSha}");
            Console.WriteLine($"commit timestamp: {info.CommitTimestamp}");
            Console.WriteLine($"build date:       {info.BuildDate}");
            return 0;
        });
        return command;
    }
}
