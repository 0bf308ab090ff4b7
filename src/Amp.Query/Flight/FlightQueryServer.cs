using System.Net;
using Amp.Query.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Amp.Query.Flight;

/// <summary>Hosts Amp's Arrow Flight transport: gRPC over HTTP/2 cleartext (h2c) on its own port.</summary>
public static class FlightQueryServer
{
    /// <summary>How long a ticket from GetFlightInfo waits for its DoGet before its query is ended.</summary>
    public static readonly TimeSpan DefaultTicketLifetime = TimeSpan.FromSeconds(60);

    /// <summary>A web application serving only the Flight transport on <paramref name="endpoint"/> (h2c).</summary>
    public static WebApplication Build(QueryEngine engine, IPEndPoint endpoint, Action<ILoggingBuilder>? logging = null, TimeSpan? ticketLifetime = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(endpoint, l => l.Protocols = HttpProtocols.Http2));
        if (logging is not null)
            logging(builder.Logging);
        builder.Services.AddFlightQueries(engine, ticketLifetime ?? DefaultTicketLifetime);
        var app = builder.Build();
        app.MapFlightQueries();
        return app;
    }

    /// <summary>Registers gRPC, the Flight server and its parked queries over <paramref name="engine"/>.</summary>
    public static IServiceCollection AddFlightQueries(this IServiceCollection services, QueryEngine engine, TimeSpan ticketLifetime)
    {
        services.AddSingleton(engine);
        services.AddSingleton(sp => new ParkedQueries(TimeProvider.System, ticketLifetime));
        services.AddGrpc().AddFlightServer<AmpFlightServer>();
        return services;
    }

    public static IEndpointRouteBuilder MapFlightQueries(this IEndpointRouteBuilder routes)
    {
        routes.MapFlightEndpoint();
        return routes;
    }
}
