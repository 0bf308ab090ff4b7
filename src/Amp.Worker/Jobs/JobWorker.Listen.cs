using Amp.Core.Jobs;
using Amp.Core.Time;
using Amp.MetadataDb.Connection;
using Npgsql;

namespace Amp.Worker.Jobs;

public sealed partial class JobWorker
{
    /// <summary>
    /// LISTEN on job_actions on a dedicated connection, re-created whenever it is lost. Notifications sent while
    /// it was down are lost, so each (re)connect is followed by a reconcile.
    /// </summary>
    private async Task ListenLoopAsync(CancellationToken ct)
    {
        var backoff = new Backoff(_options.ListenBackoffInitial, _options.ListenBackoffMax);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = await _db.OpenDedicatedAsync($"ampd worker-listen {Environment.ProcessId} {_node.NodeId}", ct).ConfigureAwait(false);
                conn.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {JobNotification.Channel}", conn))
                    await listen.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                JobLog.Listening(_logger, _node.NodeId.Value);
                backoff.Reset();
                _inbox.Writer.TryWrite(new Reconcile());
                while (!ct.IsCancellationRequested)
                {
                    // Wake up now and then to notice a silently dead connection (keepalive does the rest).
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
                JobLog.ListenerLost(_logger, _node.NodeId.Value, DbErrors.Describe(ex), delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
