using System.Diagnostics.CodeAnalysis;
using Amp.Core.Storage;

namespace Amp.DataStore.Parquet.Footers;

/// <summary>What a segment file's footer holds for Amp: the <c>nozzle_metadata</c> entry, every key/value entry, and the
/// footer serialised for <c>footer_cache</c>. Enough to rebuild <c>file_metadata</c> from the files alone.</summary>
public sealed record SegmentFooter(ParquetMeta Meta, IReadOnlyList<KeyValuePair<string, string?>> KeyValues, byte[] Footer);

/// <summary>Reads the footer of a segment file written by this system or by Amp.</summary>
public static class SegmentFooterReader
{
    public static bool TryRead(Stream file, [NotNullWhen(true)] out SegmentFooter? footer, [NotNullWhen(false)] out string? error)
    {
        footer = null;
        if (!file.CanSeek)
        {
            error = "the footer can only be read from a seekable stream";
            return false;
        }
        try
        {
            var (metadata, _) = ParquetFooter.Read(file);
            var keyValues = ParquetFooter.KeyValues(metadata);
            var entry = keyValues.FirstOrDefault(kv => kv.Key == ParquetMeta.FooterKey);
            if (entry.Key is null)
            {
                error = $"the footer has no '{ParquetMeta.FooterKey}' entry";
                return false;
            }
            if (string.IsNullOrEmpty(entry.Value))
            {
                error = $"the footer's '{ParquetMeta.FooterKey}' entry is empty";
                return false;
            }
            if (!ParquetMetaJson.TryParse(entry.Value, out var meta, out error))
                return false;
            footer = new SegmentFooter(meta, keyValues, ParquetFooter.CacheBytes(file));
            return true;
        }
        catch (InvalidDataException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    public static SegmentFooter Read(Stream file) =>
        TryRead(file, out var footer, out var error) ? footer : throw new InvalidDataException(error);

    /// <summary>Reads the footer of the object at <paramref name="path"/>; the message names the file when it fails.</summary>
    public static async Task<SegmentFooter> ReadAsync(IObjectStore store, string path, CancellationToken ct)
    {
        var stream = await store.OpenReadAsync(path, ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var seekable = stream;
            if (!stream.CanSeek)
            {
                seekable = new MemoryStream();
                await stream.CopyToAsync(seekable, ct).ConfigureAwait(false);
            }
            return TryRead(seekable, out var footer, out var error)
                ? footer
                : throw new InvalidDataException($"segment {path}: {error}");
        }
    }
}
