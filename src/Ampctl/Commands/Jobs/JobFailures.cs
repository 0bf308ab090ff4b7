using Amp.AdminClient;
using Amp.AdminClient.Jobs;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// Reports a failed job request as one <c>✗</c> line (exit 1), with Amp's phrases for the codes an operator meets
/// most: <c>job not found: 12</c> and <c>event 7 not found for job 12</c>. Other errors keep the API's message and code.
/// </summary>
internal static class JobFailures
{
    public static int Fail(CommandContext ctx, AdminApiError error, JobId jobId, long? eventId = null)
    {
        switch (error.ErrorCode)
        {
            case JobErrorCodes.JobNotFound:
                ctx.Output.Errors.Write($"job not found: {jobId}");
                return ExitCodes.Failure;
            case JobErrorCodes.EventNotFound when eventId is { } e:
                ctx.Output.Errors.Write($"event {e} not found for job {jobId}");
                return ExitCodes.Failure;
            default:
                return ctx.Fail(error);
        }
    }
}
