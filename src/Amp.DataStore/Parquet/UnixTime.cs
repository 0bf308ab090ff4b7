namespace Amp.DataStore.Parquet;

/// <summary>
/// A point in time as Amp stores <c>created_at</c>: seconds and nanoseconds since the Unix epoch (serde's
/// <c>Duration</c>, <c>{"secs":…,"nanos":…}</c>), kept exact so a file Amp wrote round-trips to the nanosecond.
/// </summary>
public readonly record struct UnixTime
{
    public UnixTime(ulong seconds, uint nanos)
    {
        if (nanos >= 1_000_000_000)
            throw new ArgumentOutOfRangeException(nameof(nanos), nanos, "nanos must be below 1,000,000,000");
        Seconds = seconds;
        Nanos = nanos;
    }

    public ulong Seconds { get; }

    public uint Nanos { get; }

    public static UnixTime From(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks < 0)
            throw new ArgumentOutOfRangeException(nameof(time), time, "times before 1970 cannot be stored");
        return new UnixTime((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }

    /// <summary>The time to 100 ns (the finest a DateTimeOffset holds).</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddTicks(checked((long)Seconds * TimeSpan.TicksPerSecond + Nanos / 100));
}
