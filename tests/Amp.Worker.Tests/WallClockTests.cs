namespace Amp.Worker.Tests;

/// <summary>Heartbeats are scheduled on the monotonic clock: wall-clock steps (NTP, an operator's date) change nothing.</summary>
public class WallClockTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>
{
    /// <summary>The system clock with a wall-clock offset that a test steps; timers and timestamps stay monotonic.</summary>
    private sealed class SteppedWallClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    [Fact]
    public async Task Beats_continue_every_second_when_the_wall_clock_jumps_back_an_hour_and_forward_an_hour()
    {
        var clock = new SteppedWallClock();
        var (w, _) = await WorkerNodeHarness.StartAsync(db.Db, WorkerNodeHarness.Options("hb-wallclock"), clock);
        await using var _ = w;
        await BeatsAsync(2);

        clock.Offset = TimeSpan.FromHours(-1);
        var afterBack = await BeatsAsync(4);
        clock.Offset = TimeSpan.FromHours(1);
        var afterForward = await BeatsAsync(4);

        foreach (var gaps in new[] { afterBack, afterForward })
            Assert.InRange(gaps.Average(), 0.6, 1.6);
        Assert.False(w.Run!.IsCompleted);
    }

    /// <summary>Waits for <paramref name="count"/> new heartbeats (database time) and returns the gaps between them in seconds.</summary>
    private async Task<List<double>> BeatsAsync(int count)
    {
        var seen = new List<DateTime> { await db.ScalarAsync<DateTime>("SELECT heartbeat_at FROM workers WHERE node_id = 'hb-wallclock'") };
        await Eventually.UntilAsync(async () =>
        {
            var at = await db.ScalarAsync<DateTime>("SELECT heartbeat_at FROM workers WHERE node_id = 'hb-wallclock'");
            if (at != seen[^1])
                seen.Add(at);
            return seen.Count > count;
        }, $"{count} more heartbeats", TimeSpan.FromSeconds(count * 3 + 5));
        var beats = seen.Skip(1).ToList();
        return beats.Zip(beats.Skip(1), (a, b) => (b - a).TotalSeconds).DefaultIfEmpty(1).ToList();
    }
}
