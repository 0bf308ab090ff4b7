using Amp.MetadataDb.Workers;

namespace Amp.Worker.Lifecycle;

/// <summary>How a worker's start-up ended.</summary>
public abstract record StartOutcome
{
    private StartOutcome() { }

    public sealed record Started(Registration Registration) : StartOutcome;

    /// <summary>Another live process holds the node ID; nothing of the incumbent was touched.</summary>
    public sealed record InUse(LockHolder? Holder) : StartOutcome;
}

/// <summary>Why a running worker stopped.</summary>
public enum WorkerExit
{
    /// <summary>Asked to stop (SIGINT/SIGTERM).</summary>
    Stopped,
    /// <summary>Lost its session and found its node ID taken by another live process.</summary>
    Superseded,
}
