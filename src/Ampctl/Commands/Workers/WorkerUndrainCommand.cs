using System.CommandLine;

namespace Ampctl.Commands.Workers;

/// <summary><c>ampctl worker undrain NODE_ID</c>: <c>POST /workers/{id}/undrain</c>; the worker accepts jobs again.</summary>
internal static class WorkerUndrainCommand
{
    public static Command Create(CliHost host) => WorkerActionCommand.Create(
        host,
        "undrain",
        "Let a drained worker accept jobs again",
        (client, id, ct) => client.UndrainWorkerAsync(id, ct),
        w => $"Worker {w.NodeId} accepts jobs again");
}
