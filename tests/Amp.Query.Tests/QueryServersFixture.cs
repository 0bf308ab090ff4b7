using System.Net;
using Amp.Query.Engine;
using Amp.Query.Flight;
using Amp.Query.Jsonl;
using Amp.Testing;
using Apache.Arrow.Flight.Client;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Amp.Query.Tests;

/// <summary>Both transports on free ports over one engine (two query slots, 3 s ticket lifetime), with clients.</summary>
public sealed class QueryServersFixture : IAsyncLifetime
{
    private WebApplication? _jsonl;
    private WebApplication? _flight;
    private GrpcChannel? _channel;

    public TestData Data { get; } = new();

    public QueryEngine Engine { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public FlightClient Flight { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = Data.Engine(new QueryEngineOptions { MaxConcurrentQueries = 2, StatementTimeout = TimeSpan.FromSeconds(30), MemoryLimitBytes = 128L * 1024 * 1024 });
        var jsonlPort = Ports.Free();
        _jsonl = JsonlServer.Build(Engine, new IPEndPoint(IPAddress.Loopback, jsonlPort));
        await _jsonl.StartAsync();
        var flightPort = Ports.Free();
        _flight = FlightQueryServer.Build(Engine, new IPEndPoint(IPAddress.Loopback, flightPort), ticketLifetime: TimeSpan.FromSeconds(3));
        await _flight.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{jsonlPort}/") };
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{flightPort}");
        Flight = new FlightClient(_channel);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _channel?.Dispose();
        foreach (var app in new[] { _jsonl, _flight })
        {
            if (app is null)
                continue;
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Engine.Dispose();
        Data.Dispose();
    }
}
