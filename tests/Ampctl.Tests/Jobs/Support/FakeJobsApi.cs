using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ampctl.Tests.Jobs.Support;

/// <summary>
/// The job endpoints' stand-in: like <see cref="Fakes.FakeAdminApi"/> a real HTTP server on 127.0.0.1 with canned
/// answers, byte for byte, but keyed by method, able to send response headers (<c>X-Deleted-Count</c>) and
/// bodiless 200/204 answers, and recording each request's body and content type.
/// </summary>
public sealed class FakeJobsApi : IAsyncDisposable
{
    public const string NoRoute = """{"error_code":"NOT_FOUND","error_message":"no route"}""";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JobsRequest> _requests = new();

    private FakeJobsApi(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<JobsRequest> Requests => [.. _requests];

    public static async Task<FakeJobsApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeJobsApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = app.Urls.Single();
        return fake;
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="pathAndQuery"/> (e.g. <c>DELETE /jobs?status=terminal</c>).</summary>
    public FakeJobsApi Respond(string method, string pathAndQuery, int status, string body = "",
        IReadOnlyDictionary<string, string>? headers = null)
    {
        _answers[method + " " + pathAndQuery] = new Answer(status, body, headers ?? new Dictionary<string, string>());
        return this;
    }

    /// <summary>Answers GET <paramref name="pathAndQuery"/>.</summary>
    public FakeJobsApi Get(string pathAndQuery, int status, string body) => Respond("GET", pathAndQuery, status, body);

    private async Task HandleAsync(HttpContext ctx)
    {
        var key = ctx.Request.Path.Value + ctx.Request.QueryString.Value;
        using var reader = new StreamReader(ctx.Request.Body);
        var requestBody = await reader.ReadToEndAsync();
        _requests.Enqueue(new JobsRequest(ctx.Request.Method, key, ctx.Request.Headers.Authorization.ToString(),
            requestBody, ctx.Request.ContentType));

        var answer = _answers.TryGetValue(ctx.Request.Method + " " + key, out var canned)
            ? canned
            : new Answer(404, NoRoute, new Dictionary<string, string>());
        ctx.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
            ctx.Response.Headers[name] = value;
        if (answer.Body.Length == 0)
            return;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(answer.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Answer(int Status, string Body, IReadOnlyDictionary<string, string> Headers);
}

public sealed record JobsRequest(string Method, string PathAndQuery, string Authorization, string Body, string? ContentType);
