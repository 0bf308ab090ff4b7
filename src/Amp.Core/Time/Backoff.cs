namespace Amp.Core.Time;

/// <summary>Capped exponential backoff: initial, ×2 per attempt, never above max. Reset after a success.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _attempt;

    public int Attempt => _attempt;

    public TimeSpan Next()
    {
        var factor = Math.Pow(2, Math.Min(_attempt, 30));
        _attempt++;
        var delay = TimeSpan.FromTicks((long)Math.Min(initial.Ticks * factor, max.Ticks));
        return delay;
    }

    public void Reset() => _attempt = 0;
}
