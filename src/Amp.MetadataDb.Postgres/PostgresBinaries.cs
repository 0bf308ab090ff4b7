using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Amp.MetadataDb.Postgres;

/// <summary>Where <c>initdb</c> and <c>postgres</c> live, and their major version.</summary>
internal sealed partial record PostgresBinaries(string Initdb, string Postgres)
{
    private const string DistroRoot = "/usr/lib/postgresql";

    /// <summary>
    /// Uses <paramref name="binDirectory"/> when given; else the first PATH entry holding both binaries;
    /// else the highest-versioned <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    public static PostgresBinaries Locate(string? binDirectory)
    {
        if (binDirectory is not null)
        {
            return TryIn(Path.GetFullPath(binDirectory)) ?? throw new ManagedPostgresException(
                $"BinDirectory '{binDirectory}' does not contain executable 'initdb' and 'postgres'. " +
                "Fix: point it at a PostgreSQL bin directory such as /usr/lib/postgresql/15/bin.");
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Path.IsPathRooted(dir) && TryIn(dir) is { } found)
                return found;
        }

        if (Directory.Exists(DistroRoot))
        {
            var candidates = Directory.GetDirectories(DistroRoot)
                .Select(d => (dir: d, version: Version.TryParse(VersionLike(Path.GetFileName(d)), out Version? v) ? v : null))
                .Where(c => c.version is not null)
                .OrderByDescending(c => c.version);
            foreach (var (dir, _) in candidates)
            {
                if (TryIn(Path.Combine(dir, "bin")) is { } found)
                    return found;
            }
        }

        throw new ManagedPostgresException(
            "PostgreSQL server binaries (initdb, postgres) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
            "Fix: install the PostgreSQL server (e.g. `apt-get install postgresql`), put its bin directory on PATH, " +
            "or set BinDirectory.");
    }

    /// <summary>Major version reported by <c>postgres --version</c> (e.g. 15), or null when it cannot be read.</summary>
    public int? MajorVersion()
    {
        var psi = new ProcessStartInfo(Postgres, ["--version"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process? p = Process.Start(psi);
        if (p is null)
            return null;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Match m = VersionPattern().Match(output);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static PostgresBinaries? TryIn(string dir)
    {
        string initdb = Path.Combine(dir, "initdb");
        string postgres = Path.Combine(dir, "postgres");
        return IsExecutable(initdb) && IsExecutable(postgres) ? new PostgresBinaries(initdb, postgres) : null;
    }

    private static bool IsExecutable(string file) =>
        File.Exists(file) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static string VersionLike(string name) => name.Contains('.', StringComparison.Ordinal) ? name : name + ".0";

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionPattern();
}
