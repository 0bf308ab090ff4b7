using Amp.DataStore.Parquet.Writing;

namespace Amp.Extraction.Job;

/// <summary>
/// Where a materialize-raw job reads and writes (the worker's <c>data_dir</c>, <c>providers_dir</c> and
/// <c>manifests_dir</c>) and how it paces itself.
/// </summary>
public sealed record MaterializeRawSettings(string DataDir, string ProvidersDir, string ManifestsDir)
{
    /// <summary>Amp's <c>poll_interval_secs</c>: the wait between head polls when there is nothing to extract.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the job logs a progress line and records its progress.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Rows (of the largest table) per Arrow batch handed from the fetcher to the writers.</summary>
    public int BatchRows { get; init; } = 1000;

    /// <summary>Batches buffered between a partition's fetcher and its writers.</summary>
    public int ChannelCapacity { get; init; } = 4;

    public SegmentWriterOptions Writer { get; init; } = SegmentWriterOptions.Default;
}
