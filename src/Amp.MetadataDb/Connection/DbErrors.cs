using System.Net.Sockets;
using Npgsql;

namespace Amp.MetadataDb.Connection;

/// <summary>Classifies database failures: a connection problem is retried, anything else is reported.</summary>
public static class DbErrors
{
    /// <summary>
    /// True when the failure is about reaching the server (refused, reset, terminated, shutting down, starting up,
    /// timed out), so the same call may succeed after a reconnect.
    /// </summary>
    public static bool IsConnectionError(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException:
                    return false; // an HTTP call's socket (a JSON-RPC provider, a query server) is not PostgreSQL's
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" // terminated, crash, starting up, too many connections
                        || (pg.SqlState == "55000" && pg.InvariantSeverity == "FATAL"); // the database does not accept connections now (ALLOW_CONNECTIONS false)
                case NpgsqlException npgsql:
                    return npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException;
                case SocketException:
                    return true;
                case InvalidOperationException when e.Source == "Npgsql" && e.Message.Contains("connection", StringComparison.OrdinalIgnoreCase):
                    return true; // a broken connection used again
            }
        }
        return false;
    }

    /// <summary>
    /// True for SQLSTATE class 53 (insufficient resources: disk full, out of memory, too many connections): the
    /// server is up but cannot do the work, which is an outage for clients, not their mistake.
    /// </summary>
    public static bool IsResourceError(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is PostgresException pg)
                return pg.SqlState.StartsWith("53", StringComparison.Ordinal);
        return false;
    }

    /// <summary>
    /// What a class-53 error means, in words an operator acts on. PostgreSQL's own text names server file paths
    /// ("could not extend file base/16384/…"), which clients must not see.
    /// </summary>
    private static string ResourceProblem(PostgresException pg) => pg.SqlState switch
    {
        "53100" => "the metadata database is out of disk space (SQLSTATE 53100): free space on its volume",
        "53200" => "the metadata database is out of memory (SQLSTATE 53200): lower its load or give it more memory",
        "53300" => "the metadata database has too many connections (SQLSTATE 53300): raise max_connections or lower metadata_db.pool_size",
        "53400" => "the metadata database hit a configured limit (SQLSTATE 53400)",
        _ => $"the metadata database is out of resources (SQLSTATE {pg.SqlState})",
    };

    /// <summary>One line that says what failed, without a stack trace.</summary>
    public static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null && inner is not PostgresException)
            inner = inner.InnerException;
        return inner switch
        {
            PostgresException pg when pg.SqlState.StartsWith("53", StringComparison.Ordinal) => ResourceProblem(pg),
            PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})",
            SocketException se => se.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (is PostgreSQL running?)",
                // A Unix socket path that does not exist comes back as AddressNotAvailable.
                SocketError.AddressNotAvailable when IsUnixSocket(ex) => "no server socket (is PostgreSQL running?)",
                SocketError.AddressNotAvailable or SocketError.HostNotFound => $"host not found ({se.Message})",
                _ when se.Message.Contains("No such file", StringComparison.OrdinalIgnoreCase) => "no server socket (is PostgreSQL running?)",
                _ => se.Message,
            },
            _ => inner.Message,
        };
    }

    private static bool IsUnixSocket(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e.Message.Contains(".s.PGSQL.", StringComparison.Ordinal))
                return true;
        return ex.StackTrace?.Contains("UnixDomainSocket", StringComparison.Ordinal) == true
            || ex.InnerException?.StackTrace?.Contains("UnixDomainSocket", StringComparison.Ordinal) == true;
    }
}
