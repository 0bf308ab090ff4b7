using Amp.Core.Time;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Datasets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Amp.Query.Catalog;

/// <summary>
/// Keeps a <see cref="MetadataTableCatalog"/> fresh: LISTEN on <c>change-tracking</c> (sent by every file commit) on a
/// dedicated connection, re-created with a backoff whenever it is lost, invalidating the catalog on each notification;
/// and a re-read every <see cref="RefreshInterval"/> as the fallback for what notifies nothing (moved tags, activated
/// revisions, notifications lost while the connection was down).
/// </summary>
public sealed partial class CatalogChangeListener(MetadataDatabase db, MetadataTableCatalog catalog, TimeSpan refreshInterval, ILogger<CatalogChangeListener> logger)
{
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(5);

    public TimeSpan RefreshInterval => refreshInterval;

    /// <summary>Runs until <paramref name="ct"/> is cancelled; never fails.</summary>
    public Task RunAsync(CancellationToken ct) => Task.WhenAll(ListenAsync(ct), RefreshAsync(ct));

    private async Task RefreshAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(refreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
                catalog.Invalidate();
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenDedicatedAsync($"ampd query-listen {Environment.ProcessId}", ct).ConfigureAwait(false);
                conn.Notification += (_, _) => catalog.Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN \"{FileMetadataRepository.ChangeTrackingChannel}\"", conn))
                    await listen.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                Log.Listening(logger, FileMetadataRepository.ChangeTrackingChannel);
                backoff.Reset();
                // Whatever was committed while no one listened is visible from now on.
                catalog.Invalidate();
                while (!ct.IsCancellationRequested)
                {
                    if (!await conn.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", conn);
                        await ping.ExecuteScalarAsync(ct).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = backoff.Next();
                Log.ListenerLost(logger, DbErrors.Describe(ex), delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Query catalog listening on {channel}")]
        public static partial void Listening(ILogger logger, string channel);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Query catalog lost its change-tracking listener ({reason}); new data shows up within the refresh interval; retrying in {delay_secs} s")]
        public static partial void ListenerLost(ILogger logger, string reason, double delay_secs);
    }
}
