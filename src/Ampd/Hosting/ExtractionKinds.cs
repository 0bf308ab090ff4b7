using Amp.Controller;
using Amp.Extraction.Job;
using Amp.MetadataDb.Connection;
using Amp.Worker.Jobs;
using Ampd.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ampd.Hosting;

/// <summary>The job kinds a worker of this build runs besides the built-in ones: extraction, over the configured storage.</summary>
internal static class ExtractionKinds
{
    public static Func<IServiceProvider, IEnumerable<IJobKind>> For(AmpConfig config, StorageDirectories storage, MetadataDatabase db) =>
        sp => [new MaterializeRawJob(
            new MaterializeRawSettings(storage.DataDir, storage.ProvidersDir, storage.ManifestsDir) { PollInterval = config.PollInterval },
            db.DataSource, TimeProvider.System, sp.GetRequiredService<ILoggerFactory>())];
}
