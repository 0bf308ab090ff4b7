using Amp.Controller.Errors;
using Amp.Controller.Health;
using Amp.Controller.Workers;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Workers;

namespace Amp.Controller;

/// <summary>Wires the Admin API into a web application: services, error handling, endpoints, OpenAPI.</summary>
public static class AdminApi
{
    /// <summary>Largest request body the Admin API reads; larger bodies get 413.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddAdminApi(this IServiceCollection services, MetadataDatabase db, ControllerOptions options)
    {
        services.AddSingleton(db);
        services.AddSingleton(db.DataSource);
        services.AddSingleton(options);
        services.AddSingleton<WorkerRepository>();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Amp Admin API";
            doc.Info.Description = "Workers and jobs of an Amp fleet. Errors are {\"error_code\", \"error_message\"}.";
            return Task.CompletedTask;
        }));
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k =>
        {
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            k.AddServerHeader = false;
        });
        return services;
    }

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        app.UseMiddleware<ErrorResponses>();
        app.MapOpenApi("/openapi.json");
        app.MapHealthEndpoints();
        app.MapWorkerEndpoints();
        return app;
    }
}
