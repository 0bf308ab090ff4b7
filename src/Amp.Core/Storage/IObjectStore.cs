namespace Amp.Core.Storage;

/// <summary>An object as a store lists it: its path relative to the store root, its size and its change time.</summary>
public sealed record ObjectInfo(string Path, long Size, DateTimeOffset LastModified, string? ETag);

/// <summary>
/// Where manifests, providers and Parquet segments live (<c>manifests_dir</c>, <c>providers_dir</c>, <c>data_dir</c>).
/// Paths are relative, '/'-separated and never contain '..'. The local filesystem is the only implementation now;
/// an object store (S3, GCS) implements the same interface without touching callers.
/// </summary>
public interface IObjectStore
{
    /// <summary>The URL of a path in this store, for metadata rows and messages (<c>file:///abs/dir/path</c>).</summary>
    Uri UrlOf(string path);

    /// <summary>A local filesystem path for the object when the store is local (fast paths for native writers), else null.</summary>
    string? LocalPathOf(string path);

    Task<ObjectInfo?> HeadAsync(string path, CancellationToken ct);

    /// <summary>Reads a whole object; null when it does not exist.</summary>
    Task<byte[]?> ReadAllBytesAsync(string path, CancellationToken ct);

    Task<Stream> OpenReadAsync(string path, CancellationToken ct);

    /// <summary>Writes a whole object atomically: readers see the old object or the new one, never a part.</summary>
    Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct);

    /// <summary>Deletes an object; false when it was not there.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken ct);

    /// <summary>Every object under a prefix (recursively), sorted by path.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken ct);
}
