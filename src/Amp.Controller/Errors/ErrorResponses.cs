using System.Text.Json;
using Amp.MetadataDb.Connection;

namespace Amp.Controller.Errors;

/// <summary>
/// Turns what the endpoints cannot answer into the error body: text PostgreSQL cannot store (400), unknown routes
/// (404), wrong methods (405), framework-level 4xx without a body, and a metadata database that refuses, hangs or
/// runs out of resources (503 within <see cref="ControllerOptions.DbTimeout"/>). Nothing becomes a bare 5xx, and a
/// client that goes away leaves no error in the log.
/// </summary>
public sealed partial class ErrorResponses(RequestDelegate next, MetadataDatabase db, ControllerOptions options, ILogger<ErrorResponses> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (RequestText.FindUnstorable(context.Request) is { } bad)
        {
            await WriteAsync(context, ErrorCodes.InvalidQueryParameters, bad).ConfigureAwait(false);
            return;
        }

        // Every request gets a deadline: endpoints bind RequestAborted as their CancellationToken, so a database
        // that does not answer cancels the work (the connection is broken at once, see MetadataDatabase) in time.
        var clientGone = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        deadline.CancelAfter(options.DbTimeout);
        context.RequestAborted = deadline.Token;
        try
        {
            var work = InvokeWithReconnectAsync(context, deadline.Token);
            if (await Task.WhenAny(work, Task.Delay(Timeout.Infinite, deadline.Token)).ConfigureAwait(false) != work
                && !clientGone.IsCancellationRequested && !context.Response.HasStarted)
            {
                // The driver did not give up on a hung server in time: answer now, then wait for the endpoint
                // to unwind before the request ends (its late result has nowhere to go).
                await AnswerDeadlineAsync(context).ConfigureAwait(false);
                await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }
            await work.ConfigureAwait(false);
        }
        catch (Exception) when (clientGone.IsCancellationRequested)
        {
            return; // the client went away; nobody is left to answer
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // An OperationCanceledException the client did not cause is a database deadline: this request's, or that
            // of a shared read it joined (GET /workers' snapshot), which may fire a moment before this one.
            var timedOut = deadline.IsCancellationRequested || ex is OperationCanceledException;
            if (timedOut || DbErrors.IsConnectionError(ex) || DbErrors.IsResourceError(ex))
            {
                var reason = timedOut
                    ? $"the metadata database did not answer within {options.DbTimeout.TotalSeconds:0.#}s"
                    : DbErrors.IsResourceError(ex) ? DbErrors.Describe(ex) : $"the metadata database is unavailable: {DbErrors.Describe(ex)}";
                DbUnavailable(logger, context.Request.Path, reason);
                await WriteAsync(context, ErrorCodes.MetadataDbUnavailable,
                    $"{reason}; the Admin API answers again as soon as it is back (check PostgreSQL)").ConfigureAwait(false);
                return;
            }
            if (BadRequestIn(ex) is { } badRequest)
            {
                await WriteAsync(context, badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.PayloadTooLarge : ErrorCodes.BadRequest, badRequest.Message, badRequest.StatusCode).ConfigureAwait(false);
                return;
            }
            Unexpected(logger, ex, context.Request.Method, context.Request.Path);
            await WriteAsync(context, ErrorCodes.InternalError, $"unexpected error: {ex.Message}").ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            // The answer had already started; the stream is cut and the client sees a truncated body.
            Unexpected(logger, ex, context.Request.Method, context.Request.Path);
            return;
        }

        if (context.Response.HasStarted || context.Response.ContentLength > 0 || context.Response.ContentType is not null)
            return;
        switch (context.Response.StatusCode)
        {
            case StatusCodes.Status404NotFound:
                await WriteAsync(context, ErrorCodes.NotFound, $"no such route: {context.Request.Method} {context.Request.Path}; see /openapi.json for the endpoints").ConfigureAwait(false);
                break;
            case StatusCodes.Status405MethodNotAllowed:
                await WriteAsync(context, ErrorCodes.MethodNotAllowed, $"method {context.Request.Method} is not allowed on {context.Request.Path}; see /openapi.json").ConfigureAwait(false);
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                await WriteAsync(context, ErrorCodes.UnsupportedMediaType,
                    $"{context.Request.Method} {context.Request.Path} takes a JSON body: send the header 'Content-Type: application/json'").ConfigureAwait(false);
                break;
            case >= 400 and < 500 and var status:
                await WriteAsync(context, status == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.PayloadTooLarge : ErrorCodes.BadRequest,
                    $"the request was rejected with HTTP {status}", status).ConfigureAwait(false);
                break;
        }
    }

    private async Task AnswerDeadlineAsync(HttpContext context)
    {
        var reason = $"the metadata database did not answer within {options.DbTimeout.TotalSeconds:0.#}s";
        DbUnavailable(logger, context.Request.Path, reason);
        // This connection stays busy until the endpoint unwinds: the client must not queue its next request on it.
        context.Response.Headers.Connection = "close";
        await WriteAsync(context, ErrorCodes.MetadataDbUnavailable,
            $"{reason}; the Admin API answers again as soon as it is back (check PostgreSQL)").ConfigureAwait(false);
        await context.Response.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// After PostgreSQL restarts, every idle pooled connection is dead. A read that fails that way drops the
    /// pool and runs once more on a fresh connection, so the first request after a restart already succeeds.
    /// </summary>
    private async Task InvokeWithReconnectAsync(HttpContext context, CancellationToken deadline)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsConnectionError(ex) && !context.Response.HasStarted && !deadline.IsCancellationRequested)
        {
            db.ResetPool();
            if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
                throw;
            await next(context).ConfigureAwait(false);
        }
    }

    public static Task WriteAsync(HttpContext context, string code, string message, int? status = null)
    {
        context.Response.StatusCode = status ?? ErrorCodes.StatusOf(code);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new ApiError(code, message), AdminApi.JsonOptions));
    }

    /// <summary>Kestrel's rejection of a malformed request (a bad chunk size, a body too large), also when a stream wraps it.</summary>
    private static BadHttpRequestException? BadRequestIn(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is BadHttpRequestException bad)
                return bad;
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metadata database unavailable while serving {path}: {reason}")]
    private static partial void DbUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error serving {method} {path}")]
    private static partial void Unexpected(ILogger logger, Exception ex, string method, string path);
}
