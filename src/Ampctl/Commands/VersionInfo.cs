using System.CommandLine;
using System.CommandLine.Invocation;
using Amp.Core.Build;

namespace Ampctl.Commands;

/// <summary><c>ampctl --version</c> prints the build information stamped into the binary.</summary>
internal sealed class VersionInfo : SynchronousCommandLineAction
{
    public static void Replace(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
                version.Action = new VersionInfo();
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        var info = BuildInfo.Current;
        parseResult.InvocationConfiguration.Output.WriteLine(
            $"ampctl {info.Version} (commit {info.CommitSha}, {info.CommitTimestamp}; built {info.BuildDate})");
        return ExitCodes.Ok;
    }
}
