using System.Runtime.CompilerServices;

namespace Amp.Core.Storage;

/// <summary>An <see cref="IObjectStore"/> on a local directory. Writes go to a temporary file and are renamed into place.</summary>
public sealed class LocalObjectStore : IObjectStore
{
    public LocalObjectStore(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public Uri UrlOf(string path) => new(Path.Combine(Root, Normalize(path)) + (path.EndsWith('/') ? "/" : ""));

    public string? LocalPathOf(string path) => Path.Combine(Root, Normalize(path));

    public Task<ObjectInfo?> HeadAsync(string path, CancellationToken ct)
    {
        var file = new FileInfo(LocalPathOf(path)!);
        return Task.FromResult(file.Exists ? Info(file) : null);
    }

    public async Task<byte[]?> ReadAllBytesAsync(string path, CancellationToken ct)
    {
        var full = LocalPathOf(path)!;
        try
        {
            return await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken ct) =>
        Task.FromResult<Stream>(new FileStream(LocalPathOf(path)!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true));

    public async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var full = LocalPathOf(path)!;
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            await File.WriteAllBytesAsync(temp, content.ToArray(), ct).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    public Task<bool> DeleteAsync(string path, CancellationToken ct)
    {
        var full = LocalPathOf(path)!;
        if (!File.Exists(full))
            return Task.FromResult(false);
        File.Delete(full);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var dir = LocalPathOf(prefix)!;
        if (!Directory.Exists(dir))
            yield break;
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.FullName, StringComparer.Ordinal);
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            yield return Info(file);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private ObjectInfo Info(FileInfo file) => new(
        Path.GetRelativePath(Root, file.FullName).Replace('\\', '/'),
        file.Length,
        file.LastWriteTimeUtc,
        $"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}");

    private static string Normalize(string path)
    {
        var trimmed = path.Trim('/');
        if (trimmed.Split('/').Any(s => s is ".." or "."))
            throw new ArgumentException($"object path '{path}' must not contain '.' or '..' segments", nameof(path));
        return trimmed;
    }
}
