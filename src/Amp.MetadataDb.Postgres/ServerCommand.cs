using System.Diagnostics;

namespace Amp.MetadataDb.Postgres;

/// <summary>
/// Builds the start info for a PostgreSQL binary. When this process is root the binary runs as the postgres user
/// through <c>setpriv</c>, which execs it directly, so the child's PID is the binary's PID and signals reach it.
/// </summary>
internal static class ServerCommand
{
    private static readonly string[] SetprivCandidates = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"];

    public static ProcessStartInfo Create(string binary, IEnumerable<string> arguments, PostgresUser? runAs)
    {
        ProcessStartInfo psi;
        if (runAs is null)
        {
            psi = new ProcessStartInfo(binary, arguments);
        }
        else
        {
            string[] prefix = [$"--reuid={runAs.Uid}", $"--regid={runAs.Gid}", "--init-groups", "--", binary];
            psi = new ProcessStartInfo(FindSetpriv(), prefix.Concat(arguments));
        }
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

    private static string FindSetpriv()
    {
        foreach (string candidate in SetprivCandidates)
        {
            if (File.Exists(candidate))
                return candidate;
        }
        throw new ManagedPostgresException(
            "This process runs as root, so the managed PostgreSQL server must run as the postgres user, which needs " +
            "'setpriv' (util-linux). Fix: install util-linux, or run this process as a non-root user.");
    }
}
