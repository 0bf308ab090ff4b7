using Microsoft.Extensions.Logging;

namespace Amp.MetadataDb.Postgres;

/// <summary>
/// Makes every ancestor of the data directory searchable by the server's user: a directory the user cannot
/// traverse (e.g. <c>/root</c>, mode 0700) gets the others-execute bit, with a warning naming it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class AncestorAccess
{
    /// <returns>The directories that were changed, outermost first.</returns>
    public static IReadOnlyList<string> EnsureTraversable(string dataDirectory, PostgresUser user, ILogger logger)
    {
        var changed = new List<string>();
        foreach (string dir in AncestorsOf(dataDirectory))
        {
            FileStatus status = PosixFiles.Stat(dir, followSymlinks: true);
            if (user.CanTraverse(status))
                continue;
            File.SetUnixFileMode(dir, status.Mode | UnixFileMode.OtherExecute);
            Log.AncestorMadeTraversable(logger, dir, user.Name, dataDirectory);
            changed.Add(dir);
        }
        return changed;
    }

    /// <summary>"/", "/a", "/a/b" for "/a/b/c".</summary>
    public static IEnumerable<string> AncestorsOf(string path)
    {
        var chain = new List<string>();
        for (string? dir = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path)); dir is not null; dir = Path.GetDirectoryName(dir))
            chain.Add(dir);
        chain.Reverse();
        return chain;
    }
}
