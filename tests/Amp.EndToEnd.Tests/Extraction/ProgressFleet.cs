namespace Amp.EndToEnd.Tests.Extraction;

/// <summary>
/// An <see cref="ExtractionFleet"/> with one worker, <c>p1</c>, that commits a file about every second. A worker stays
/// active for 20 s without a heartbeat, so a test can freeze it (SIGSTOP) and still deploy to it.
/// </summary>
public sealed class ProgressFleet() : ExtractionFleet(["p1"], new Dictionary<string, string?>(OneSecondFlush)
{
    ["AMP_CONFIG_WORKERS__ACTIVE_THRESHOLD_SECS"] = "20",
    ["AMP_CONFIG_WORKERS__INACTIVE_THRESHOLD_SECS"] = "60",
});
