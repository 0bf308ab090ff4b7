using System.Text;
using Npgsql;

namespace Amp.MetadataDb.Postgres;

/// <summary>Builds the libpq URL and the Npgsql connection string for a Unix-socket-only server.</summary>
internal static class PostgresUrl
{
    /// <summary><c>postgresql:///postgres?host=&lt;percent-encoded socket directory&gt;</c>.</summary>
    public static string ForSocketDirectory(string socketDirectory) =>
        "postgresql:///postgres?host=" + EncodeQueryValue(socketDirectory);

    /// <summary>
    /// Percent-encodes space, <c>" # % &amp; + = ?</c>, control characters and every non-ASCII byte (UTF-8);
    /// everything else, including '/', is kept as is.
    /// </summary>
    public static string EncodeQueryValue(string value)
    {
        var sb = new StringBuilder(value.Length + 16);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (MustEncode(b))
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                sb.Append((char)b);
        }
        return sb.ToString();
    }

    /// <summary><c>Host=&lt;dir&gt;;Database=postgres;Username=&lt;superuser&gt;;Timezone=UTC</c>, quoted where needed.</summary>
    public static string ConnectionString(string socketDirectory, string superuser) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = socketDirectory,
            Database = "postgres",
            Username = superuser,
            Timezone = "UTC",
        }.ConnectionString;

    private static bool MustEncode(byte b) =>
        b < 0x20 || b >= 0x7f || b is (byte)' ' or (byte)'"' or (byte)'#' or (byte)'%' or (byte)'&' or (byte)'+' or (byte)'=' or (byte)'?';
}
