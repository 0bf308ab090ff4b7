using System.Net;
using System.Text;
using Amp.Query.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Amp.Query.Jsonl;

/// <summary>
/// Amp's JSON Lines transport: <c>POST /</c> with the SQL text as the body (any content type) answers one JSON object
/// per row, streamed, as <c>application/x-ndjson</c>; errors before the first row are <c>{error_code, error_message}</c>;
/// an error after it ends the body early. <c>GET /health</c> answers 200.
/// </summary>
public static partial class JsonlServer
{
    /// <summary>Largest SQL text accepted.</summary>
    public const long MaxSqlBytes = 1024 * 1024;

    public const string ContentType = "application/x-ndjson";

    /// <summary>A web application serving only the JSONL transport on <paramref name="endpoint"/> (HTTP/1.1).</summary>
    public static WebApplication Build(QueryEngine engine, IPEndPoint endpoint, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(endpoint, l => l.Protocols = HttpProtocols.Http1));
        if (logging is not null)
            logging(builder.Logging);
        builder.Services.AddSingleton(engine);
        var app = builder.Build();
        app.MapJsonlQueries();
        return app;
    }

    /// <summary>Maps <c>POST /</c> and <c>GET /health</c>; needs a <see cref="QueryEngine"/> in the services.</summary>
    public static IEndpointRouteBuilder MapJsonlQueries(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Ok());
        routes.MapPost("/", QueryAsync);
        return routes;
    }

    private static async Task QueryAsync(HttpContext context, QueryEngine engine, ILoggerFactory loggers)
    {
        var cancellationToken = context.RequestAborted;
        if (context.Request.ContentLength > MaxSqlBytes)
        {
            await Reply(context, new QueryError(QueryErrorCodes.InvalidSqlString, $"the query is longer than {MaxSqlBytes} bytes", QueryErrorKind.BadRequest));
            return;
        }
        string sql;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
            sql = await reader.ReadToEndAsync(cancellationToken);

        var start = await engine.StartAsync(sql, cancellationToken);
        if (start.Error is { } error)
        {
            await Reply(context, error);
            return;
        }
        using var query = start.Query!;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ContentType;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var rows = await JsonlStreaming.WriteAsync(query, context.Response.BodyWriter, cancellationToken);
            Log.Streamed(loggers.CreateLogger(typeof(JsonlServer)), rows, clock.ElapsedMilliseconds);
        }
        catch (QueryFailedException failure)
        {
            Log.StreamFailed(loggers.CreateLogger(typeof(JsonlServer)), failure.Error.Code, failure.Error.Message);
            context.Abort();
        }
    }

    private static Task Reply(HttpContext context, QueryError error) => QueryErrorResponses.Of(error).ExecuteAsync(context);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Query streamed {row_count} rows in {elapsed_ms} ms")]
        public static partial void Streamed(ILogger logger, long row_count, long elapsed_ms);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Query failed after its first row; the response was cut short: {error_code}: {error_message}")]
        public static partial void StreamFailed(ILogger logger, string error_code, string error_message);
    }
}
