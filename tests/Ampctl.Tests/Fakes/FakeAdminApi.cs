using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ampctl.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) that answers with canned bodies, byte for byte, and
/// records every request it receives.
/// </summary>
public sealed class FakeAdminApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _responses = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeAdminApi(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeAdminApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeAdminApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = app.Urls.Single();
        return fake;
    }

    /// <summary>Answers GET <paramref name="pathAndQuery"/> (e.g. <c>/workers?status=active</c>) with this status and body.</summary>
    public FakeAdminApi Respond(string pathAndQuery, int status, string body)
    {
        _responses[pathAndQuery] = (status, body);
        return this;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var key = ctx.Request.Path.Value + ctx.Request.QueryString.Value;
        _requests.Enqueue(new RecordedRequest(ctx.Request.Method, key, ctx.Request.Headers.Authorization.ToString()));
        var (status, body) = ctx.Request.Method == "GET" && _responses.TryGetValue(key, out var canned)
            ? canned
            : (404, """{"error_code":"NOT_FOUND","error_message":"no route"}""");
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization);
