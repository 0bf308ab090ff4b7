using System.Text.Json.Nodes;
using Amp.Core.Jobs;
using Amp.Core.Workers;

namespace Amp.Worker.Jobs;

/// <summary>One kind of job a worker can run. Extraction plugs in here next to the diagnostic sleep kind.</summary>
public interface IJobKind
{
    /// <summary>The <c>kind</c> string of the descriptors this runs.</summary>
    string Kind { get; }

    /// <summary>
    /// Runs the job to its end. Returning completes it; <see cref="JobFailedException"/> fails it (ERROR when
    /// retryable, FATAL when not); honour <paramref name="ct"/> at once (stop, fencing, shutdown).
    /// </summary>
    Task RunAsync(JobDescriptor descriptor, IJobContext context, CancellationToken ct);
}

/// <summary>What a running job can tell the world.</summary>
public interface IJobContext
{
    JobId JobId { get; }

    /// <summary>The node running the job; with <see cref="Epoch"/> the fence every commit of the job checks.</summary>
    NodeId NodeId { get; }

    /// <summary>The incarnation of <see cref="NodeId"/> that claimed the job.</summary>
    Epoch Epoch { get; }

    /// <summary>Records progress (shown by GET /jobs/{id}/progress). Throws when the job is no longer ours.</summary>
    Task ReportProgressAsync(JsonObject progress, CancellationToken ct);
}

/// <summary>A job failure with a stable code; retryable failures become ERROR (retried), others FATAL.</summary>
public sealed class JobFailedException(string errorCode, string message, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorCode { get; } = errorCode;
    public bool Retryable { get; } = retryable;
}

/// <summary>The job moved to another worker or this incarnation was fenced: stop without writing anything.</summary>
public sealed class JobLostException(string message) : Exception(message);
