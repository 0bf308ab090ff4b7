using System.Collections.Concurrent;
using Amp.Query.Engine;

namespace Amp.Query.Flight;

/// <summary>
/// Queries started by <c>GetFlightInfo</c> and waiting for the <c>DoGet</c> of their ticket. A ticket not claimed
/// within the lifetime is ended, so an abandoned flight frees its query slot.
/// </summary>
public sealed class ParkedQueries : IDisposable
{
    public const string TicketPrefix = "amp-query/";

    private readonly ConcurrentDictionary<string, (RunningQuery Query, ITimer Expiry)> _parked = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public ParkedQueries(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetime = lifetime;
    }

    public string Park(RunningQuery query)
    {
        var ticket = TicketPrefix + Guid.NewGuid().ToString("N");
        var expiry = _time.CreateTimer(_ => Expire(ticket), null, _lifetime, Timeout.InfiniteTimeSpan);
        _parked[ticket] = (query, expiry);
        return ticket;
    }

    /// <summary>The query of a ticket, once; null when the ticket is unknown, claimed or expired.</summary>
    public RunningQuery? Claim(string ticket)
    {
        if (!_parked.TryRemove(ticket, out var entry))
            return null;
        entry.Expiry.Dispose();
        return entry.Query;
    }

    private void Expire(string ticket) => Claim(ticket)?.Dispose();

    public void Dispose()
    {
        foreach (var ticket in _parked.Keys)
            Expire(ticket);
    }
}
