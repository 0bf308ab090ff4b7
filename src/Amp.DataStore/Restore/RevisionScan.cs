using Amp.Core.Storage;
using Amp.DataStore.Parquet;
using Amp.DataStore.Parquet.Footers;
using Amp.DataStore.Segments;

namespace Amp.DataStore.Restore;

/// <summary>A segment file whose footer passed every check: what restore registers in <c>file_metadata</c> and <c>footer_cache</c>.</summary>
public sealed record RestorableFile(SegmentFileName FileName, ObjectInfo Object, SegmentFooter Footer);

/// <summary>An object restore did not register, and why (relative to the data directory).</summary>
public sealed record SkippedObject(string Path, string Reason);

/// <summary>One revision directory of a table as found in storage: the files to register and the objects left out.</summary>
public sealed record ScannedRevision(TableRevisionPath Path, IReadOnlyList<RestorableFile> Files, IReadOnlyList<SkippedObject> Skipped);

/// <summary>
/// Reads the revision directories of a table from storage for restore (reference amp-datasets-api.md §13.2): every
/// object directly inside <c>&lt;ns&gt;/&lt;name&gt;/&lt;table&gt;/&lt;uuid&gt;/</c> must be a Parquet segment whose
/// <c>nozzle_metadata</c> footer entry parses, names this table and this file, and covers exactly one network. Unlike
/// Amp, which fails the whole request on the first bad object, a bad object is reported and skipped. Directories
/// whose name is not a UUID are not revisions of this system or Amp's writer and are skipped too.
/// </summary>
public static class RevisionScan
{
    /// <summary>Every revision directory of the table, in path order (UUIDv7 names sort by creation time).</summary>
    public static async Task<(IReadOnlyList<ScannedRevision> Revisions, IReadOnlyList<SkippedObject> Skipped)> ScanTableAsync(
        IObjectStore store, string @namespace, string name, string table, CancellationToken ct)
    {
        var prefix = $"{@namespace}/{name}/{table}/";
        var byDirectory = new SortedDictionary<string, List<ObjectInfo>>(StringComparer.Ordinal);
        var skipped = new List<SkippedObject>();
        await foreach (var obj in store.ListAsync(prefix, ct).ConfigureAwait(false))
        {
            var rest = obj.Path[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                skipped.Add(new SkippedObject(obj.Path, "not inside a revision directory"));
                continue;
            }
            var directory = rest[..slash];
            if (!byDirectory.TryGetValue(directory, out var list))
                byDirectory[directory] = list = [];
            list.Add(obj);
        }

        var revisions = new List<ScannedRevision>();
        foreach (var (directory, objects) in byDirectory)
        {
            if (!Guid.TryParseExact(directory, "D", out var id) || directory != id.ToString("D")
                || !TableRevisionPath.TryCreate(@namespace, name, table, id, out var path, out _))
            {
                skipped.AddRange(objects.Select(o => new SkippedObject(o.Path,
                    $"directory '{directory}' is not a revision directory (its name must be a lowercase UUID)")));
                continue;
            }
            revisions.Add(await ScanRevisionAsync(store, path, objects, ct).ConfigureAwait(false));
        }
        return (revisions, skipped);
    }

    /// <summary>The files of one revision directory; <paramref name="objects"/> are its listed objects (listed here when null).</summary>
    public static async Task<ScannedRevision> ScanRevisionAsync(IObjectStore store, TableRevisionPath path, IReadOnlyList<ObjectInfo>? objects, CancellationToken ct)
    {
        if (objects is null)
        {
            var listed = new List<ObjectInfo>();
            await foreach (var obj in store.ListAsync(path.Directory + "/", ct).ConfigureAwait(false))
                listed.Add(obj);
            objects = listed;
        }
        var files = new List<RestorableFile>();
        var skipped = new List<SkippedObject>();
        foreach (var obj in objects.OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            var (file, reason) = await CheckAsync(store, path, obj, ct).ConfigureAwait(false);
            if (file is not null)
                files.Add(file);
            else
                skipped.Add(new SkippedObject(obj.Path, reason!));
        }
        return new ScannedRevision(path, files, skipped);
    }

    private static async Task<(RestorableFile? File, string? Reason)> CheckAsync(IObjectStore store, TableRevisionPath path, ObjectInfo obj, CancellationToken ct)
    {
        var relative = obj.Path[(path.Directory.Length + 1)..];
        if (relative.Contains('/', StringComparison.Ordinal))
            return (null, "nested below the revision directory; segment files lie directly inside it");
        if (!SegmentFileName.TryParse(relative, out var fileName, out var nameError))
            return (null, nameError);

        SegmentFooter? footer;
        string? error;
        var stream = await store.OpenReadAsync(obj.Path, ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var seekable = stream;
            if (!stream.CanSeek)
            {
                seekable = new MemoryStream();
                await stream.CopyToAsync(seekable, ct).ConfigureAwait(false);
            }
            try
            {
                if (!SegmentFooterReader.TryRead(seekable, out footer, out error))
                    return (null, $"not a readable segment: {error}");
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or OverflowException or IndexOutOfRangeException or FormatException)
            {
                return (null, $"not a readable segment: {ex.Message}");
            }
        }

        var meta = footer.Meta;
        if (meta.Table != path.Table)
            return (null, $"its {ParquetMeta.FooterKey} names table '{meta.Table}', but the file lies in table '{path.Table}'");
        if (meta.FileName != fileName)
            return (null, $"its {ParquetMeta.FooterKey} names file '{meta.FileName}', but the file is called '{fileName}' (a renamed file)");
        if (meta.Ranges.Count != 1)
            return (null, $"its {ParquetMeta.FooterKey} covers {meta.Ranges.Count} networks; segments of raw tables cover exactly one");
        return (new RestorableFile(fileName, obj, footer), null);
    }
}
