using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ampctl.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) that answers with canned bodies, byte for byte, and
/// records every request it receives. A route may have several answers, served in turn (the last one repeats),
/// to play a fleet that changes between polls.
/// </summary>
public sealed class FakeAdminApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Answers> _responses = new(StringComparer.Ordinal);
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
    public FakeAdminApi Respond(string pathAndQuery, int status, string body) => Respond("GET", pathAndQuery, status, body);

    /// <summary>Answers <paramref name="method"/> <paramref name="pathAndQuery"/> with this status and body.</summary>
    public FakeAdminApi Respond(string method, string pathAndQuery, int status, string body) =>
        RespondInTurn(method, pathAndQuery, (status, body));

    /// <summary>Answers GET <paramref name="pathAndQuery"/> with each answer in turn, then the last one again and again.</summary>
    public FakeAdminApi RespondInTurn(string pathAndQuery, params (int Status, string Body)[] answers) =>
        RespondInTurn("GET", pathAndQuery, answers);

    public FakeAdminApi RespondInTurn(string method, string pathAndQuery, params (int Status, string Body)[] answers)
    {
        _responses[method + " " + pathAndQuery] = new Answers(answers);
        return this;
    }

    /// <summary>How many requests of this method reached this path and query.</summary>
    public int CountRequests(string pathAndQuery, string method = "GET") =>
        Requests.Count(r => r.Method == method && r.PathAndQuery == pathAndQuery);

    private async Task HandleAsync(HttpContext ctx)
    {
        var key = ctx.Request.Path.Value + ctx.Request.QueryString.Value;
        _requests.Enqueue(new RecordedRequest(ctx.Request.Method, key, ctx.Request.Headers.Authorization.ToString()));
        var (status, body) = _responses.TryGetValue(ctx.Request.Method + " " + key, out var answers)
            ? answers.Next()
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

    private sealed class Answers((int Status, string Body)[] answers)
    {
        private int _next;

        public (int Status, string Body) Next()
        {
            var i = Interlocked.Increment(ref _next) - 1;
            return answers[Math.Min(i, answers.Length - 1)];
        }
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization);
