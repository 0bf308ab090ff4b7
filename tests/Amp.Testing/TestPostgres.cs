using Amp.MetadataDb.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Amp.Testing;

/// <summary>
/// Real PostgreSQL servers for tests, started with the project's own managed-PostgreSQL code in a temporary
/// directory. <see cref="Shared"/> is one server per test process (each test class gets its own database);
/// tests that restart or kill the server start a dedicated one.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<ManagedPostgres>> SharedServer = new(() => StartAsync("shared"));
    private static readonly List<ManagedPostgres> Started = [];

    static TestPostgres()
    {
        // A fallback: AmpTestFramework stops the servers after the last test, before the test host is killed.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAllAsync().Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>Stops every server started by this process and deletes its data directory.</summary>
    public static async Task StopAllAsync()
    {
        ManagedPostgres[] all;
        lock (Started)
        {
            all = [.. Started];
            Started.Clear();
        }
        foreach (var pg in all)
        {
            try
            {
                await pg.StopAsync().ConfigureAwait(false);
                TryDelete(pg.DataDirectory);
            }
            catch (Exception)
            {
                // best effort
            }
        }
    }

    public static Task<ManagedPostgres> Shared => SharedServer.Value;

    /// <summary>A server of the test's own, for tests that stop, restart or kill PostgreSQL.</summary>
    public static Task<ManagedPostgres> StartDedicatedAsync(string name) => StartAsync(name);

    /// <summary>Starts a server again on the data directory of a stopped one (a PostgreSQL restart).</summary>
    public static async Task<ManagedPostgres> RestartAsync(ManagedPostgres stopped)
    {
        var pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(stopped.DataDirectory), NullLogger.Instance, CancellationToken.None).ConfigureAwait(false);
        lock (Started)
            Started.Add(pg);
        return pg;
    }

    private static async Task<ManagedPostgres> StartAsync(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"amp-test-pg-{name}-{Guid.NewGuid():N}"[..40]);
        var pg = await ManagedPostgres.StartAsync(new ManagedPostgresOptions(dir), NullLogger.Instance, CancellationToken.None).ConfigureAwait(false);
        lock (Started)
            Started.Add(pg);
        return pg;
    }

    /// <summary>Creates an empty database on the server and returns its connection settings.</summary>
    public static async Task<NpgsqlConnectionStringBuilder> CreateDatabaseAsync(ManagedPostgres pg, string prefix)
    {
        var name = $"{Sanitize(prefix)}_{Guid.NewGuid():N}"[..Math.Min(63, Sanitize(prefix).Length + 33)];
        await using (var conn = new NpgsqlConnection(pg.ConnectionString))
        {
            await conn.OpenAsync().ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        return new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = name, Pooling = true };
    }

    /// <summary>The libpq URL of a database on a managed server, as ampd's config takes it.</summary>
    public static string UrlOf(ManagedPostgres pg, string database) =>
        pg.Url.Replace("postgresql:///postgres?", $"postgresql:///{database}?", StringComparison.Ordinal);

    private static string Sanitize(string s)
    {
        var chars = s.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(28).ToArray();
        return chars.Length == 0 || !char.IsAsciiLetter(chars[0]) ? "t" + new string(chars) : new string(chars);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception)
        {
            // leave it to the OS temp cleaner
        }
    }
}
