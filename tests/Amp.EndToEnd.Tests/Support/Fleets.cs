using Amp.Testing;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>The node IDs Amp's documentation uses, so that its scripts (which name worker-01) run verbatim.</summary>
public static class DocNodeIds
{
    public static readonly string[] Three = ["worker-01", "worker-02", "worker-03"];
}

/// <summary>Three workers with the default liveness thresholds (active 5 s, inactive 30 s).</summary>
public class ThreeWorkerFleet() : AmpFleet(DocNodeIds.Three);

/// <summary>
/// Three workers under a controller with small thresholds (active 2 s, inactive 6 s), so that stalled and
/// inactive are reached in seconds. The workers use the same settings (their heartbeat stays at 1 s).
/// </summary>
public class FastLivenessFleet() : AmpFleet(DocNodeIds.Three, FastLiveness.Settings);

public static class FastLiveness
{
    public static readonly TimeSpan Active = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Inactive = TimeSpan.FromSeconds(6);

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["AMP_CONFIG_WORKERS__ACTIVE_THRESHOLD_SECS"] = "2",
        ["AMP_CONFIG_WORKERS__INACTIVE_THRESHOLD_SECS"] = "6",
    };
}

/// <summary>
/// One fleet shared by every test class that only reads (listing, inspecting, error answers, documented
/// scripts on a healthy fleet): nothing in this collection may stop, restart or alter a worker.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SteadyFleetCollection : ICollectionFixture<ThreeWorkerFleet>
{
    public const string Name = "steady fleet";
}
