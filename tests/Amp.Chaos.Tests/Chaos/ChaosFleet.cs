using Amp.MetadataDb.Postgres;
using Npgsql;

namespace Amp.Chaos.Tests.Chaos;

/// <summary>
/// Controller and three workers on a PostgreSQL server of their own, so the chaos run can terminate its sessions
/// and restart it. Production defaults throughout: no setting is tuned to make the run easier.
/// </summary>
public sealed class ChaosFleet() : AmpFleet(["chaos-a", "chaos-b", "chaos-c"], new Dictionary<string, string?>
{
    ["AMP_CONFIG_JOBS__EXECUTION_JOURNAL"] = JournalDirectory,
})
{
    /// <summary>Where the workers journal each job execution (jobs.execution_journal), for the overlap check.</summary>
    public static readonly string JournalDirectory = Path.Combine(Path.GetTempPath(), $"amp-chaos-journal-{Guid.NewGuid():N}");

    private readonly List<ManagedPostgres> _servers = [];

    /// <summary>The server as it runs now (a new object after <see cref="RestartPostgresAsync"/>).</summary>
    public ManagedPostgres Server { get; private set; } = null!;

    protected override async Task<string> PrepareDatabaseAsync()
    {
        Server = await TestPostgres.StartDedicatedAsync("chaos");
        _servers.Add(Server);
        return Server.Url; // ampd migrates the database at start-up
    }

    /// <summary>Starts the stopped server again on its data directory (same socket, same URL).</summary>
    public async Task StartPostgresAgainAsync()
    {
        Server = await TestPostgres.RestartAsync(Server);
        _servers.Add(Server);
    }

    /// <summary>A fresh, unpooled connection to the server: pools do not survive a restart.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var settings = new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Pooling = false, Timeout = 5, CommandTimeout = 15 };
        var conn = new NpgsqlConnection(settings.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var conn = await OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args)
            cmd.Parameters.AddWithValue(a);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(JournalDirectory))
            Directory.Delete(JournalDirectory, recursive: true);
        foreach (var pg in _servers)
            await pg.DisposeAsync();
        if (_servers.Count > 0)
        {
            try
            {
                Directory.Delete(_servers[0].DataDirectory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // left to the OS temp cleaner
            }
        }
    }
}
