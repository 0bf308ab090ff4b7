using System.Net;
using Amp.Query.Engine;
using Amp.Query.Jsonl;
using Amp.Testing;
using Microsoft.AspNetCore.Builder;

namespace Amp.Query.Tests;

/// <summary>The JSONL server on a free port over <see cref="TestData"/>, with one query slot and a 6 s timeout.</summary>
public sealed class JsonlServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public TestData Data { get; } = new();

    public QueryEngine Engine { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = Data.Engine(new QueryEngineOptions { MaxConcurrentQueries = 1, StatementTimeout = TimeSpan.FromSeconds(6), MemoryLimitBytes = 64L * 1024 * 1024 });
        var port = Ports.Free();
        _app = JsonlServer.Build(Engine, new IPEndPoint(IPAddress.Loopback, port));
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Engine.Dispose();
        Data.Dispose();
    }
}
