using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.MetadataDb.Jobs;
using Amp.Worker.Lifecycle;

namespace Amp.Worker.Jobs;

/// <summary>Progress reporting of one running job, fenced on the claiming incarnation.</summary>
internal sealed class JobContext(JobId jobId, Incarnation owner, JobTransitions transitions) : IJobContext
{
    public JobId JobId { get; } = jobId;

    public Amp.Core.Workers.NodeId NodeId => owner.NodeId;

    public Amp.Core.Workers.Epoch Epoch => owner.Epoch;

    public async Task ReportProgressAsync(JsonObject progress, CancellationToken ct)
    {
        if (owner.IsFenced)
            throw new JobLostException($"epoch {owner.Epoch} was fenced");
        if (!await transitions.ReportProgressAsync(JobId, owner.NodeId, owner.Epoch, progress, ct).ConfigureAwait(false))
            throw new JobLostException($"job {JobId} is no longer assigned to {owner.NodeId} epoch {owner.Epoch}");
    }
}
