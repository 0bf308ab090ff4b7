using Amp.Core.Time;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amp.MetadataDb.Connection;

/// <summary>Thrown when the metadata database refuses us for a reason a retry will not fix (auth, missing database).</summary>
public sealed class MetadataDbConfigurationException(string message, Exception inner) : Exception(message, inner);

/// <summary>Waits at start-up until the metadata database accepts connections.</summary>
public static partial class DatabaseReadiness
{
    /// <summary>
    /// Retries connection failures with capped backoff until <paramref name="ct"/> is cancelled or
    /// <paramref name="giveUpAfter"/> passes; a failure that is not about connecting throws
    /// <see cref="MetadataDbConfigurationException"/> with a message that says what to fix.
    /// </summary>
    public static async Task WaitAsync(MetadataDatabase db, ILogger logger, TimeSpan? giveUpAfter, TimeProvider time, CancellationToken ct)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                await using var conn = await db.DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                if (backoff.Attempt > 0)
                    Reachable(logger, db.Target);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && DbErrors.IsConnectionError(ex))
            {
                var delay = backoff.Next();
                if (giveUpAfter is { } limit && time.GetElapsedTime(started) + delay > limit)
                    throw new MetadataDbConfigurationException(
                        $"the metadata database ({db.Target}) is unreachable: {DbErrors.Describe(ex)}; gave up after {limit.TotalSeconds:0}s. Start PostgreSQL or fix [metadata_db] url / AMP_CONFIG_METADATA_DB__URL", ex);
                Unreachable(logger, db.Target, DbErrors.Describe(ex), delay.TotalSeconds);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (!ct.IsCancellationRequested)
            {
                throw new MetadataDbConfigurationException(Explain(db, ex), ex);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is NpgsqlException or ArgumentException)
            {
                throw new MetadataDbConfigurationException(
                    $"cannot use the metadata database ({db.Target}): {DbErrors.Describe(ex)}; check [metadata_db] url / AMP_CONFIG_METADATA_DB__URL", ex);
            }
        }
    }

    private static string Explain(MetadataDatabase db, PostgresException ex) => ex.SqlState switch
    {
        "3D000" => $"the metadata database ({db.Target}) does not exist: {ex.MessageText}; create it (createdb) or fix the database name in [metadata_db] url",
        "28P01" or "28000" => $"the metadata database ({db.Target}) rejected the credentials: {ex.MessageText}; fix the user/password in [metadata_db] url",
        _ => $"the metadata database ({db.Target}) refused the connection: {ex.MessageText} (SQLSTATE {ex.SqlState}); check [metadata_db] url",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metadata database unreachable ({target}): {reason}; retrying in {retry_seconds}s")]
    private static partial void Unreachable(ILogger logger, string target, string reason, double retry_seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metadata database reachable again ({target})")]
    private static partial void Reachable(ILogger logger, string target);
}
