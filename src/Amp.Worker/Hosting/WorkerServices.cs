using Amp.MetadataDb.Connection;
using Amp.Worker.Jobs;
using Amp.Worker.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Amp.Worker.Hosting;

public static class WorkerServices
{
    /// <summary>Registers a started worker node, its job runner and the hosted service that drives both.</summary>
    public static IServiceCollection AddWorker(this IServiceCollection services, WorkerNode node, MetadataDatabase db, JobWorkerOptions? options = null)
    {
        services.AddSingleton(node);
        services.AddSingleton(sp => new JobWorker(node, db, JobKinds.Builtin(TimeProvider.System), options ?? new JobWorkerOptions(),
            TimeProvider.System, sp.GetRequiredService<ILogger<JobWorker>>()));
        services.AddHostedService<WorkerHostedService>();
        return services;
    }
}
