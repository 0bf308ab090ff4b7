namespace Amp.DataStore.Tests.Parquet;

/// <summary>A fresh directory under the system temp directory, removed when the test ends.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Directory.CreateDirectory(Path);
        Store = new Amp.Core.Storage.LocalObjectStore(Path);
    }

    /// <summary>The directory as a data store.</summary>
    public Amp.Core.Storage.LocalObjectStore Store { get; }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "amp-datastore-tests", Guid.NewGuid().ToString("N"));

    public IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories).Select(f => System.IO.Path.GetRelativePath(Path, f));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
