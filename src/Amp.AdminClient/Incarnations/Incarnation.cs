using Amp.Core.Workers;

namespace Amp.AdminClient.Incarnations;

/// <summary>
/// One start or reconnect of a node ID: which process (host, pid, build) held it, from when to when, and why
/// it ended. <see cref="EndedAt"/> and <see cref="EndReason"/> are null while it is the running one.
/// </summary>
public sealed record Incarnation(
    Epoch Epoch,
    string Host,
    int Pid,
    string Version,
    string CommitSha,
    DateTimeOffset StartedAt,
    DateTimeOffset? LastHeartbeatAt,
    DateTimeOffset? EndedAt,
    IncarnationEndReason? EndReason)
{
    public bool IsOpen => EndedAt is null;
}
