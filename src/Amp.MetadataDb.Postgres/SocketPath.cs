using System.Text;

namespace Amp.MetadataDb.Postgres;

/// <summary>The server's Unix socket <c>&lt;dir&gt;/.s.PGSQL.5432</c> and the kernel's limit on its length.</summary>
internal static class SocketPath
{
    public const int Port = 5432;
    public const string FileName = ".s.PGSQL.5432";
    public const string LockFileName = ".s.PGSQL.5432.lock";

    /// <summary>sockaddr_un.sun_path is 108 bytes including the terminating NUL.</summary>
    public const int MaxBytes = 107;

    public static string For(string directory) => Path.Combine(directory, FileName);

    /// <summary>Throws a <see cref="ManagedPostgresException"/> when the socket path would not fit in sun_path.</summary>
    public static void EnsureFits(string directory)
    {
        string socket = For(directory);
        int bytes = Encoding.UTF8.GetByteCount(socket);
        if (bytes > MaxBytes)
        {
            throw new ManagedPostgresException(
                $"The PostgreSQL Unix socket path '{socket}' is {bytes} bytes long, but a Unix socket path can be at most " +
                $"{MaxBytes} bytes. The managed server keeps its socket in its data directory '{directory}'. " +
                $"Fix: use a data directory whose path is at most {MaxBytes - FileName.Length - 1} bytes " +
                "(e.g. a shorter --amp-dir).");
        }
    }
}
