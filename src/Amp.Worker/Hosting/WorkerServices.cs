using Amp.MetadataDb.Connection;
using Amp.Worker.Jobs;
using Amp.Worker.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Amp.Worker.Hosting;

public static class WorkerServices
{
    /// <summary>
    /// Registers a started worker node, its job runner (the built-in kinds plus <paramref name="kinds"/>) and the hosted
    /// service that drives both.
    /// </summary>
    public static IServiceCollection AddWorker(this IServiceCollection services, WorkerNode node, MetadataDatabase db, JobWorkerOptions? options = null,
        Func<IServiceProvider, IEnumerable<IJobKind>>? kinds = null)
    {
        services.AddSingleton(node);
        services.AddSingleton(sp => new JobWorker(node, db, JobKinds.With(TimeProvider.System, kinds?.Invoke(sp) ?? []), options ?? new JobWorkerOptions(),
            TimeProvider.System, sp.GetRequiredService<ILogger<JobWorker>>()));
        services.AddHostedService<WorkerHostedService>();
        return services;
    }
}
