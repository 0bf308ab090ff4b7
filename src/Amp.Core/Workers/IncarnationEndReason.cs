namespace Amp.Core.Workers;

/// <summary>Why an incarnation of a node ID ended.</summary>
public enum IncarnationEndReason
{
    /// <summary>SIGINT/SIGTERM: the worker ended its incarnation itself and released its lock.</summary>
    Graceful,
    /// <summary>The worker lost its lock connection, fenced itself and came back as a new incarnation.</summary>
    ConnectionLost,
    /// <summary>The worker lost its connection and another live process took the node ID meanwhile.</summary>
    Superseded,
    /// <summary>It ended without saying so (kill -9, host loss): found when its lock was gone and its heartbeat stopped.</summary>
    Crashed,
}

public static class IncarnationEndReasonNames
{
    public static string ToWire(this IncarnationEndReason reason) => reason switch
    {
        IncarnationEndReason.Graceful => "graceful",
        IncarnationEndReason.ConnectionLost => "connection_lost",
        IncarnationEndReason.Superseded => "superseded",
        IncarnationEndReason.Crashed => "crashed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static IncarnationEndReason? FromWire(string? raw) => raw switch
    {
        "graceful" => IncarnationEndReason.Graceful,
        "connection_lost" => IncarnationEndReason.ConnectionLost,
        "superseded" => IncarnationEndReason.Superseded,
        "crashed" => IncarnationEndReason.Crashed,
        _ => null,
    };
}
