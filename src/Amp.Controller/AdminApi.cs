using Amp.Controller.Dashboard;
using Amp.Controller.Errors;
using Amp.Controller.Fleet;
using Amp.Controller.Metrics;
using Prometheus;
using Amp.Controller.Health;
using Amp.Controller.Jobs;
using Amp.Controller.Datasets;
using Amp.Controller.Manifests;
using Amp.Controller.Providers;
using Amp.MetadataDb.Jobs;
using Amp.Controller.Workers;
using Amp.MetadataDb.Connection;
using Amp.MetadataDb.Workers;

namespace Amp.Controller;

/// <summary>Wires the Admin API into a web application: services, error handling, endpoints, OpenAPI.</summary>
public static class AdminApi
{
    /// <summary>Largest request body the Admin API reads; larger bodies get 413.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>JSON as operators read it: no escaping of quotes and non-ASCII text in messages.</summary>
    public static System.Text.Json.JsonSerializerOptions JsonOptions { get; } = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IServiceCollection AddAdminApi(this IServiceCollection services, MetadataDatabase db, ControllerOptions options)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JsonOptions.Encoder);
        services.AddSingleton(db);
        services.AddSingleton(db.DataSource);
        services.AddSingleton(options);
        services.AddSingleton<WorkerRepository>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WorkerListSnapshots>();
        services.AddSingleton<Amp.MetadataDb.Incarnations.IncarnationRepository>();
        services.AddSingleton<DuplicateStartRepository>();
        services.AddSingleton(Prometheus.Metrics.DefaultRegistry);
        services.AddSingleton<FleetMetrics>();
        services.AddSingleton<JobMetricsRepository>();
        services.AddSingleton<JobMetrics>();
        services.AddSingleton<Amp.MetadataDb.Datasets.ExtractionMetricsRepository>();
        services.AddSingleton<ExtractionMetrics>();
        services.AddHostedService<IncarnationSweeper>();
        services.AddSingleton<JobRepository>();
        services.AddSingleton<JobEventRepository>();
        services.AddSingleton<Amp.MetadataDb.Datasets.PhysicalTableRepository>();
        services.AddSingleton<Amp.MetadataDb.Datasets.FileMetadataRepository>();
        services.AddSingleton<Amp.MetadataDb.Datasets.TableRevisionRepository>();
        services.AddSingleton<Amp.MetadataDb.Datasets.TableRestoreRepository>();
        services.AddSingleton<Tables.TableRestorer>();
        services.AddSingleton<JobScheduling>();
        services.AddHostedService<JobSupervisor>();
        services.AddSingleton(Datasets.DatasetStores.Local(options.Storage));
        services.AddSingleton(sp => new Amp.Datasets.Providers.ProviderStore(sp.GetRequiredService<Datasets.DatasetStores>().Providers));
        services.AddSingleton<Amp.MetadataDb.Datasets.ManifestFileRepository>();
        services.AddSingleton<Amp.MetadataDb.Datasets.DatasetManifestRepository>();
        services.AddSingleton<Amp.MetadataDb.Datasets.TagRepository>();
        services.AddSingleton<Amp.MetadataDb.Datasets.DatasetRegistry>();
        services.AddSingleton<Manifests.ManifestIntake>();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Amp Admin API";
            doc.Info.Description = "Workers, jobs, datasets, manifests and providers of an Amp fleet. Errors are {\"error_code\", \"error_message\"}.";
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
        app.UseMiddleware<Amp.Controller.Security.AdminApiGuard>();
        app.UseHttpMetrics();
        app.Services.GetRequiredService<FleetMetrics>();
        app.Services.GetRequiredService<JobMetrics>();
        app.Services.GetRequiredService<ExtractionMetrics>();
        app.MapOpenApi("/openapi.json");
        app.MapHealthEndpoints();
        app.MapWorkerEndpoints();
        app.MapFleetEndpoints();
        app.MapJobEndpoints();
        app.MapDatasetEndpoints();
        app.MapManifestEndpoints();
        app.MapProviderEndpoints();
        Tables.RevisionEndpoints.MapRevisionEndpoints(app);
        Tables.FileEndpoints.MapFileEndpoints(app);
        app.MapMetrics("/metrics");
        app.MapDashboardEndpoints();
        return app;
    }
}
