using System.Text.Json;
using Amp.MetadataDb.Connection;

namespace Amp.Controller.Errors;

/// <summary>
/// Turns what the endpoints cannot answer into the error body: unknown routes (404), wrong methods (405),
/// framework-level 4xx without a body, and an unreachable metadata database (503). Nothing becomes a bare 5xx.
/// </summary>
public sealed partial class ErrorResponses(RequestDelegate next, MetadataDatabase db, ILogger<ErrorResponses> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await InvokeWithReconnectAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            if (DbErrors.IsConnectionError(ex))
            {
                DbUnavailable(logger, context.Request.Path, DbErrors.Describe(ex));
                await WriteAsync(context, ErrorCodes.MetadataDbUnavailable,
                    $"the metadata database is unavailable: {DbErrors.Describe(ex)}; the Admin API answers again as soon as it is back (check PostgreSQL)").ConfigureAwait(false);
                return;
            }
            if (ex is BadHttpRequestException bad)
            {
                await WriteAsync(context, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.PayloadTooLarge : ErrorCodes.BadRequest, bad.Message, bad.StatusCode).ConfigureAwait(false);
                return;
            }
            Unexpected(logger, ex, context.Request.Method, context.Request.Path);
            await WriteAsync(context, ErrorCodes.InternalError, $"unexpected error: {ex.Message}").ConfigureAwait(false);
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

    /// <summary>
    /// After PostgreSQL restarts, every idle pooled connection is dead. A read that fails that way drops the
    /// pool and runs once more on a fresh connection, so the first request after a restart already succeeds.
    /// </summary>
    private async Task InvokeWithReconnectAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsConnectionError(ex) && !context.Response.HasStarted)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metadata database unavailable while serving {path}: {reason}")]
    private static partial void DbUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error serving {method} {path}")]
    private static partial void Unexpected(ILogger logger, Exception ex, string method, string path);
}
