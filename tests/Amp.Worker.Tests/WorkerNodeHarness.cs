using Amp.Core.Build;
using Amp.Core.Workers;
using Amp.MetadataDb.Connection;
using Amp.Worker;
using Amp.Worker.Lifecycle;
using Microsoft.Extensions.Logging.Abstractions;

namespace Amp.Worker.Tests;

/// <summary>An in-process worker node running its heartbeat loop on a real database.</summary>
internal sealed class WorkerNodeHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private WorkerNodeHarness(WorkerNode node) => Node = node;

    public WorkerNode Node { get; }
    public Task<WorkerExit>? Run { get; private set; }

    public static WorkerOptions Options(string nodeId, string version = "v-test") =>
        new(NodeId.Parse(nodeId)) { Info = BuildInfo.Unavailable with { Version = version } };

    public static async Task<(WorkerNodeHarness Harness, StartOutcome Outcome)> StartAsync(MetadataDatabase db, WorkerOptions options, TimeProvider? time = null)
    {
        var node = new WorkerNode(db, options, time ?? TimeProvider.System, NullLogger<WorkerNode>.Instance);
        var harness = new WorkerNodeHarness(node);
        var outcome = await node.StartAsync(CancellationToken.None);
        if (outcome is StartOutcome.Started)
            harness.Run = Task.Run(() => node.RunAsync(harness._stop.Token));
        return (harness, outcome);
    }

    public async Task StopAsync()
    {
        _stop.Cancel();
        if (Run is not null)
            await Run;
        await Node.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await StopAsync();
        await Node.DisposeAsync();
        _stop.Dispose();
    }
}
