using System.Collections.Concurrent;

namespace Amp.Query.Engine;

/// <summary>
/// At most <see cref="QueryEngineOptions.MaxConcurrentQueries"/> locked-down databases, opened on first need and
/// reused; a query waits for a free one. A database whose query failed in an unexpected way is closed, not reused.
/// </summary>
internal sealed class ConnectionPool : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<EngineConnection> _idle = [];
    private readonly Func<EngineConnection> _open;

    public ConnectionPool(int size, Func<EngineConnection> open)
    {
        _slots = new SemaphoreSlim(size, size);
        _open = open;
    }

    /// <summary>A connection for one query, or null when none became free within <paramref name="wait"/>.</summary>
    public async Task<EngineConnection?> LeaseAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(wait, cancellationToken).ConfigureAwait(false))
            return null;
        try
        {
            return _idle.TryTake(out var connection) ? connection : _open();
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Return(EngineConnection connection, bool reusable)
    {
        if (reusable)
            _idle.Add(connection);
        else
            connection.Dispose();
        _slots.Release();
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
            connection.Dispose();
        _slots.Dispose();
    }
}
