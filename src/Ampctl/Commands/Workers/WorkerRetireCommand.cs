using System.CommandLine;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker retire NODE_ID</c>: <c>POST /workers/{id}/retire</c>; a stopped worker leaves listings and
/// counts, its history stays. A running one is refused with <c>WORKER_ACTIVE</c> (exit 1).
/// </summary>
internal static class WorkerRetireCommand
{
    public static Command Create(CliHost host) => WorkerActionCommand.Create(
        host,
        "retire",
        "Remove a stopped worker from listings and counts, keeping its history (refused while it runs)",
        (client, id, ct) => client.RetireWorkerAsync(id, ct),
        w => $"Worker {w.NodeId} retired (history kept)");
}
