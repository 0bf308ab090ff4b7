using System.Diagnostics;

namespace Amp.MetadataDb.Postgres;

/// <summary>
/// Builds the start info for a PostgreSQL binary. The binary runs in its own session (<c>setsid</c>), so a
/// terminal's Ctrl-C, which goes to the whole foreground process group, reaches ampd only and ampd stops the
/// server itself once its worker has ended its incarnation. When this process is root the binary runs as the
/// postgres user through <c>setpriv</c>. Both exec directly (our child is never a group leader, so setsid does not
/// fork), so the child's PID is the binary's PID and signals reach it.
/// </summary>
internal static class ServerCommand
{
    private static readonly string[] SetprivCandidates = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"];
    private static readonly string[] SetsidCandidates = ["/usr/bin/setsid", "/bin/setsid", "/usr/sbin/setsid", "/sbin/setsid"];

    public static ProcessStartInfo Create(string binary, IEnumerable<string> arguments, PostgresUser? runAs)
    {
        List<string> argv = [binary, .. arguments];
        if (runAs is not null)
            argv = [Find(SetprivCandidates, SetprivMissing), $"--reuid={runAs.Uid}", $"--regid={runAs.Gid}", "--init-groups", "--", .. argv];
        argv = [Find(SetsidCandidates, SetsidMissing), .. argv];
        var psi = new ProcessStartInfo(argv[0], argv.Skip(1));
        psi.UseShellExecute = false;
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = "/";
        // The server is configured by its command line; libpq-style variables must not point it elsewhere.
        foreach (string name in new[] { "PGDATA", "PGPORT", "PGHOST", "PGOPTIONS" })
            psi.Environment.Remove(name);
        psi.Environment["LC_ALL"] = "C";
        return psi;
    }

    private const string SetprivMissing =
        "This process runs as root, so the managed PostgreSQL server must run as the postgres user, which needs " +
        "'setpriv' (util-linux). Fix: install util-linux, or run this process as a non-root user.";

    private const string SetsidMissing =
        "The managed PostgreSQL server runs in its own session so Ctrl-C stops ampd first, which needs 'setsid' " +
        "(util-linux). Fix: install util-linux (apt-get install util-linux).";

    private static string Find(string[] candidates, string missing)
    {
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate))
                return candidate;
        }
        throw new ManagedPostgresException(missing);
    }
}
