using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.Core.Workers;
using Amp.Worker.Jobs;

namespace Amp.Extraction.Job.Tests.Support;

/// <summary>The job's view of its owner, as the worker gives it, recording every progress report.</summary>
internal sealed class TestJobContext(JobId jobId, NodeId nodeId, Epoch epoch) : IJobContext
{
    private readonly List<JsonObject> _reports = [];

    public JobId JobId { get; } = jobId;

    public NodeId NodeId { get; } = nodeId;

    public Epoch Epoch { get; } = epoch;

    public IReadOnlyList<JsonObject> Reports
    {
        get
        {
            lock (_reports)
                return [.. _reports];
        }
    }

    public Task ReportProgressAsync(JsonObject progress, CancellationToken ct)
    {
        lock (_reports)
            _reports.Add((JsonObject)progress.DeepClone());
        return Task.CompletedTask;
    }
}
