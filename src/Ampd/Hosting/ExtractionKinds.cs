using Amp.Controller;
using Amp.DataStore.Parquet.Writing;
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
        sp => [new MaterializeRawJob(Settings(config, storage), db.DataSource, TimeProvider.System, sp.GetRequiredService<ILoggerFactory>())];

    /// <summary>The job's settings: the storage directories, <c>poll_interval_secs</c> and the <c>[writer]</c> rotation.</summary>
    public static MaterializeRawSettings Settings(AmpConfig config, StorageDirectories storage) =>
        new(storage.DataDir, storage.ProvidersDir, storage.ManifestsDir)
        {
            PollInterval = config.PollInterval,
            Writer = SegmentWriterOptions.Default with { Rotation = config.WriterRotation },
        };
}
