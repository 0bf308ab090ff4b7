using Npgsql;

namespace Amp.MetadataDb.Connection;

/// <summary>
/// The metadata database of one process: a pooled <see cref="NpgsqlDataSource"/> for ordinary queries and
/// dedicated, unpooled connections for the sessions that matter (advisory lock, LISTEN).
/// Every session runs with TimeZone=UTC; every stored time comes from the database clock.
/// </summary>
public sealed class MetadataDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _settings;

    private MetadataDatabase(NpgsqlConnectionStringBuilder settings, NpgsqlDataSource dataSource)
    {
        _settings = settings;
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Where the database is, without credentials, for log lines and error messages.</summary>
    public string Target => Describe(_settings);

    public static MetadataDatabase Create(NpgsqlConnectionStringBuilder settings, string applicationName, int poolSize = 10)
    {
        var pooled = Normalize(settings, applicationName);
        pooled.MaxPoolSize = poolSize;
        pooled.MinPoolSize = 0;
        pooled.ConnectionIdleLifetime = 60;
        // No DISCARD ALL when a pooled connection is reused: pooled sessions never carry session state (session
        // advisory locks and LISTEN live on dedicated connections; settings are in the connection string), and
        // Npgsql still rolls back a transaction left open. Saves the reset's server work on every open.
        if (!settings.ContainsKey("No Reset On Close"))
            pooled.NoResetOnClose = true;
        return new MetadataDatabase(Normalize(settings, applicationName), NpgsqlDataSource.Create(pooled.ConnectionString));
    }

    /// <summary>
    /// Drops every idle pooled connection. Call after a connection failure: when PostgreSQL restarts, all idle
    /// connections of the pool are dead, and Npgsql only finds out when each one is next used.
    /// </summary>
    public void ResetPool() => DataSource.Clear();

    /// <summary>Opens a connection outside the pool whose session belongs to the caller alone.</summary>
    public async Task<NpgsqlConnection> OpenDedicatedAsync(string applicationName, CancellationToken ct)
    {
        var b = Normalize(_settings, applicationName);
        b.Pooling = false;
        var conn = new NpgsqlConnection(b.ConnectionString);
        try
        {
            await conn.OpenAsync(ct).ConfigureAwait(false);
            return conn;
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static NpgsqlConnectionStringBuilder Normalize(NpgsqlConnectionStringBuilder source, string applicationName)
    {
        var b = new NpgsqlConnectionStringBuilder(source.ConnectionString)
        {
            Timezone = "UTC",
            ApplicationName = Truncate(applicationName, 63),
        };
        if (!source.ContainsKey("Timeout"))
            b.Timeout = 5;
        if (!source.ContainsKey("Command Timeout"))
            b.CommandTimeout = 15;
        if (!source.ContainsKey("Keepalive"))
            b.KeepAlive = 5;
        if (!source.ContainsKey("Tcp Keepalive"))
        {
            b.TcpKeepAlive = true;
            b.TcpKeepAliveTime = 10;
            b.TcpKeepAliveInterval = 2;
        }
        // A cancelled command (a request deadline, a heartbeat timeout) breaks its connection at once instead of
        // waiting for the server to confirm the cancel: a frozen server never confirms it.
        if (!source.ContainsKey("Cancellation Timeout"))
            b.CancellationTimeout = 1;
        if (string.IsNullOrEmpty(b.Username))
            b.Username = Environment.UserName;
        return b;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    public static string Describe(NpgsqlConnectionStringBuilder b)
    {
        var host = string.IsNullOrEmpty(b.Host) ? "localhost" : b.Host;
        var where = host.StartsWith('/') ? $"socket {host}" : $"{host}:{b.Port}";
        return $"database '{b.Database ?? b.Username ?? "postgres"}' at {where}";
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
