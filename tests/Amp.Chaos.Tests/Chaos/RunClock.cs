using System.Diagnostics;

namespace Amp.Chaos.Tests.Chaos;

/// <summary>The chaos run's time line: one stopwatch, and waits that poll it instead of sleeping.</summary>
public sealed class RunClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public TimeSpan Elapsed => _watch.Elapsed;

    /// <summary>Returns once <see cref="Elapsed"/> reaches <paramref name="at"/> (at once when it already has).</summary>
    public Task UntilAsync(TimeSpan at) =>
        Elapsed >= at
            ? Task.CompletedTask
            : Eventually.UntilAsync(() => Elapsed >= at, $"the run clock to reach {at.TotalSeconds:0.0}s", at - Elapsed + TimeSpan.FromSeconds(5));

    /// <summary>A log line prefix: seconds since the run began.</summary>
    public string Stamp => $"[{Elapsed.TotalSeconds,6:0.0}s]";
}
