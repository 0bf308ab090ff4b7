using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amp.MetadataDb.Postgres;

/// <summary>Waits until the server answers <c>SELECT 1</c> on its Unix socket, with backoff 50 ms → 1 s.</summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    /// <summary>SQLSTATE 57P03 cannot_connect_now: "the database system is starting up".</summary>
    private const string CannotConnectNow = "57P03";

    public static async Task WaitAsync(
        PostmasterProcess server, string dataDirectory, string connectionString, TimeSpan timeout, ILogger logger, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string probe = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            Timeout = 5,
            CommandTimeout = 5,
        }.ConnectionString;
        string socket = SocketPath.For(dataDirectory);
        TimeSpan delay = FirstDelay;
        string lastProblem = "socket not created yet";

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (server.HasExited)
                throw await ExitedDuringStartupAsync(server, dataDirectory).ConfigureAwait(false);

            if (File.Exists(socket))
            {
                string? problem = await TryQueryAsync(probe, ct).ConfigureAwait(false);
                if (problem is null)
                {
                    Log.ServerReady(logger, dataDirectory, server.Pid, clock.ElapsedMilliseconds);
                    return;
                }
                lastProblem = problem;
                Log.ReadinessRetry(logger, dataDirectory, server.Pid, problem);
            }

            TimeSpan left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new ManagedPostgresException(
                    $"PostgreSQL (pid {server.Pid}) on '{dataDirectory}' did not accept connections within {timeout.TotalSeconds:0.#} s " +
                    $"(last problem: {lastProblem}). Recent server output:{Environment.NewLine}{server.RecentOutput()}");
            }
            Task wait = Task.Delay(delay < left ? delay : left, ct);
            await Task.WhenAny(wait, server.Exited).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    /// <returns>null when the query succeeded; else why not.</returns>
    private static async Task<string?> TryQueryAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync(ct).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("SELECT 1", conn);
            await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return null;
        }
        catch (PostgresException e) when (e.SqlState != CannotConnectNow)
        {
            // The server is up but refuses us (e.g. the superuser role is missing): waiting will not help.
            throw new ManagedPostgresException(
                $"PostgreSQL is running but refused the connection: {e.SqlState} {e.MessageText}. " +
                "If the data directory was initialised by another OS user, its superuser role differs from this process's " +
                "user. Fix: run as the user that initialised it, or delete the data directory to re-initialise.", e);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return e.Message;
        }
    }

    private static async Task<ManagedPostgresException> ExitedDuringStartupAsync(PostmasterProcess server, string dataDirectory)
    {
        await server.DrainOutputAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        int code = await server.Exited.ConfigureAwait(false);
        return new ManagedPostgresException(
            $"PostgreSQL (pid {server.Pid}) on '{dataDirectory}' exited with code {code} before accepting connections. " +
            $"Last server output:{Environment.NewLine}{server.RecentOutput()}");
    }
}
