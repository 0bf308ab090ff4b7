using Amp.Core.Build;
using Amp.Core.Workers;

namespace Amp.AdminClient.Workers;

/// <summary>
/// One worker as the Admin API reports it (<c>GET /workers</c> items and <c>GET /workers/{id}</c>).
/// Times come from the metadata database clock; <see cref="HeartbeatAgeMs"/> and <see cref="Status"/> are
/// computed by the server, so a client never compares against its own clock. Fields the server adds later
/// are ignored here; read <see cref="AdminResult{T}.RawJson"/> to see them.
/// </summary>
/// <param name="Info">Build metadata the worker reported; each field may be <c>"unknown"</c>.</param>
/// <param name="UptimeSeconds">Seconds since the current incarnation registered; null when the worker is inactive.</param>
/// <param name="DrainingSince">When an operator drained it (no new jobs); null when it accepts jobs.</param>
/// <param name="DrainAcknowledgedAt">When the worker confirmed the drain; null until it does (or when not draining).</param>
/// <param name="RetiredAt">When it was retired (history kept, hidden from listings by default); null otherwise.</param>
/// <param name="RunningJobs">Jobs it runs now.</param>
/// <remarks>
/// The lifecycle fields (drain, retire, jobs) default when absent, so this client still reads a controller
/// that predates them; the older fields are required.
/// </remarks>
public sealed record Worker(
    NodeId NodeId,
    BuildInfo Info,
    DateTimeOffset CreatedAt,
    DateTimeOffset RegisteredAt,
    DateTimeOffset HeartbeatAt,
    WorkerStatus Status,
    long HeartbeatAgeMs,
    long? UptimeSeconds,
    int Restarts,
    Epoch Epoch,
    DateTimeOffset? DrainingSince = null,
    DateTimeOffset? DrainAcknowledgedAt = null,
    DateTimeOffset? RetiredAt = null,
    int RunningJobs = 0)
{
    public bool IsDraining => DrainingSince is not null;

    public bool IsRetired => RetiredAt is not null;
}
