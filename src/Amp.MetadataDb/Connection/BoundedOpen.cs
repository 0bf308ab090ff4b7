using Npgsql;

namespace Amp.MetadataDb.Connection;

/// <summary>
/// Opening a connection within the caller's deadline. Npgsql honours the token while it waits for a pool slot, but
/// not always while a physical connection does its start-up handshake with a server that hangs; the caller's
/// deadline (an API request's 503 deadline) must hold regardless. A connection that opens after the caller gave up
/// is closed in the background.
/// </summary>
public static class BoundedOpen
{
    public static async Task<NpgsqlConnection> OpenBoundedAsync(this NpgsqlDataSource db, CancellationToken ct)
    {
        var open = db.OpenConnectionAsync(ct).AsTask();
        try
        {
            return await open.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && !open.IsCompleted)
        {
            _ = open.ContinueWith(static t =>
            {
                if (t.IsCompletedSuccessfully)
                    t.Result.Dispose();
                else
                    _ = t.Exception;
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }
    }
}
