using Microsoft.Extensions.Logging;

namespace Amp.MetadataDb.Postgres;

/// <summary>Creates the data directory with mode 0700 and, when the server runs as another user, hands it over.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class DataDirectorySetup
{
    private const UnixFileMode Mode0700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Mode0750 = Mode0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    public static void Prepare(string dataDirectory, PostgresUser? runAs, ILogger logger)
    {
        if (File.Exists(dataDirectory))
            throw new ManagedPostgresException($"The PostgreSQL data directory '{dataDirectory}' exists but is a file. Fix: remove it or choose another directory.");

        if (!Directory.Exists(dataDirectory))
        {
            // Parents get the default mode; only the data directory itself is private.
            if (Path.GetDirectoryName(dataDirectory) is { } parent)
                Directory.CreateDirectory(parent);
            Directory.CreateDirectory(dataDirectory);
            File.SetUnixFileMode(dataDirectory, Mode0700);
            Log.DataDirectoryCreated(logger, dataDirectory);
        }
        else
        {
            UnixFileMode mode = File.GetUnixFileMode(dataDirectory);
            if (mode is not (Mode0700 or Mode0750))
            {
                File.SetUnixFileMode(dataDirectory, Mode0700);
                Log.DataDirectoryModeFixed(logger, dataDirectory, Octal(mode));
            }
        }

        if (runAs is null)
            return;
        int changed = PosixFiles.ChownTree(dataDirectory, runAs.Uid, runAs.Gid);
        if (changed > 0)
            Log.DataDirectoryChowned(logger, dataDirectory, changed, runAs.Name);
        AncestorAccess.EnsureTraversable(dataDirectory, runAs, logger);
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);
}
