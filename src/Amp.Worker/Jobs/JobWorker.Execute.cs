using Amp.Core.Jobs;
using Amp.MetadataDb.Connection;

namespace Amp.Worker.Jobs;

public sealed partial class JobWorker
{
    /// <summary>Runs one job's task and writes how it ended, fenced on the incarnation that claimed it.</summary>
    private async Task ExecuteAsync(RunningJob job, IJobKind kind, JobDescriptor descriptor, int attempt)
    {
        var owner = job.Owner;
        var context = new JobContext(job.Id, owner, _transitions);
        (JobStatus Status, System.Text.Json.Nodes.JsonObject? Detail)? outcome = null;
        var interrupted = false;
        try
        {
            _journal?.Started(job.Id, owner.NodeId, owner.Epoch);
            try
            {
                await kind.RunAsync(descriptor, context, job.Cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                _journal?.Ended(job.Id, owner.NodeId, owner.Epoch);
            }
            outcome = job.StopRequested ? (JobStatus.Stopped, null) : (JobStatus.Completed, null);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            if (job.StopRequested && !job.Lost && !owner.IsFenced)
                outcome = (JobStatus.Stopped, null);
        }
        catch (JobLostException ex)
        {
            job.Lost = true;
            JobLog.Lost(_logger, job.Id.Value, owner.NodeId.Value, owner.Epoch.Value, ex.Message);
        }
        catch (JobFailedException ex)
        {
            // The job's own verdict (e.g. a provider that refused every connection: RPC_RETRIES_EXHAUSTED), whatever
            // it wraps: a socket error under it is the provider's, not the metadata database's.
            outcome = (ex.Retryable ? JobStatus.Error : JobStatus.Fatal, ErrorPayload(ex.ErrorCode, ex.Message, attempt, ex.InnerException));
        }
        catch (Exception ex) when (DbErrors.IsConnectionError(ex))
        {
            // The metadata database failed under the job (e.g. a progress write during a PostgreSQL restart):
            // not the job's fault. Write nothing; the next reconcile resumes it on this node.
            JobLog.Interrupted(_logger, job.Id.Value, owner.NodeId.Value, owner.Epoch.Value, DbErrors.Describe(ex));
            _db.ResetPool();
            interrupted = true;
        }
        catch (Exception ex)
        {
            // Unknown failures are fatal: retrying a bug or a data-shape error only repeats it.
            outcome = (JobStatus.Fatal, ErrorPayload("UNEXPECTED_ERROR", $"{ex.GetType().Name}: {ex.Message}", attempt, ex));
        }

        try
        {
            if (outcome is { } end && !job.Lost && !owner.IsFenced)
                await WriteEndAsync(job, end.Status, end.Detail).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<Amp.Core.Jobs.JobId, RunningJob>(job.Id, job));
            job.Cancellation.Dispose();
            if (interrupted)
                _inbox.Writer.TryWrite(new Reconcile());
        }
    }

    private async Task WriteEndAsync(RunningJob job, JobStatus status, System.Text.Json.Nodes.JsonObject? detail)
    {
        var owner = job.Owner;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var written = status == JobStatus.Stopped
                    ? await _transitions.StoppedAsync(job.Id, owner.NodeId, owner.Epoch, owner.Fenced).ConfigureAwait(false)
                    : await _transitions.FinishAsync(job.Id, owner.NodeId, owner.Epoch, status, detail, owner.Fenced).ConfigureAwait(false);
                if (written)
                    JobLog.Ended(_logger, job.Id.Value, owner.NodeId.Value, owner.Epoch.Value, status.ToWire());
                else
                    JobLog.Conflict(_logger, job.Id.Value, owner.NodeId.Value, owner.Epoch.Value, $"could not record {status.ToWire()}");
                return;
            }
            catch (Exception ex) when (!owner.IsFenced && DbErrors.IsConnectionError(ex) && attempt < 5)
            {
                _db.ResetPool();
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _time, owner.Fenced).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                // The reconcile of the next incarnation (or the controller's failover) takes the job from here.
                JobLog.StepFailed(_logger, owner.NodeId.Value, $"recording job {job.Id} as {status.ToWire()}: {DbErrors.Describe(ex)}");
                return;
            }
        }
    }
}
