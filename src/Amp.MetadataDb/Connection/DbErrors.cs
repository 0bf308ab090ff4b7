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
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300"; // terminated, crash, starting up, too many connections
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

    /// <summary>One line that says what failed, without a stack trace.</summary>
    public static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null && inner is not PostgresException)
            inner = inner.InnerException;
        return inner switch
        {
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
