using Amp.Core.Workers;

namespace Amp.AdminClient.Workers;

/// <summary>
/// The body of <c>GET /workers/{id}/safe-to-stop</c>: the server's verdict on stopping the worker now
/// (drained, drain acknowledged, nothing running), with the reason in words.
/// </summary>
public sealed record SafeToStop(NodeId NodeId, bool Safe, string Reason, bool Draining, bool DrainAcknowledged, int RunningJobs);
