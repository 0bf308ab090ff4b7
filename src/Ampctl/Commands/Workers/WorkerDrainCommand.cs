using System.CommandLine;
using Amp.Core.Time;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker drain NODE_ID</c>: <c>POST /workers/{id}/drain</c>; the worker takes no new jobs. The
/// worker acknowledges within about a second; <c>worker safe-to-stop</c> says when it may be stopped.
/// </summary>
internal static class WorkerDrainCommand
{
    public static Command Create(CliHost host) => WorkerActionCommand.Create(
        host,
        "drain",
        "Stop giving a worker new jobs (before stopping it); see 'worker safe-to-stop'",
        (client, id, ct) => client.DrainWorkerAsync(id, ct),
        w => $"Worker {w.NodeId} draining (no new jobs); acknowledged: {(w.DrainAcknowledgedAt is { } at ? Rfc3339.Format(at) : "pending")}");
}
