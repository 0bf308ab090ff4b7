using Amp.Core.Storage;
using Amp.DataStore.Parquet.Footers;
using Amp.DataStore.Ranges;
using Amp.DataStore.Segments;
using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Amp.DataStore.Parquet.Writing;

/// <summary>
/// One segment file being written: ParquetSharp's Arrow writer (format 2.6, zstd, <c>ARROW:schema</c>, Amp's <c>item</c>
/// list naming, page indexes) into a temporary name beside the final one. <see cref="CloseAsync"/> adds Amp's footer
/// entries, syncs, and renames the file into place, so a file with a final name is always complete; disposing an
/// unclosed writer deletes the temporary file.
/// </summary>
public sealed class SegmentFileWriter : IDisposable
{
    private const string TemporarySuffix = ".partial";

    private readonly IObjectStore _store;
    private readonly TimeProvider _time;
    private readonly SegmentWriterOptions _options;
    private readonly string _finalPath;
    private readonly string _temporaryPath;
    private readonly FileStream _stream;
    private FileWriter? _writer;
    private long _openRowGroupBytes;
    private long _positionAtLastWrite;
    private bool _closed;

    private SegmentFileWriter(IObjectStore store, TableRevisionPath location, SegmentFileName fileName, string finalPath,
        Schema schema, SegmentWriterOptions options, TimeProvider time)
    {
        _store = store;
        _time = time;
        _options = options;
        Location = location;
        FileName = fileName;
        _finalPath = finalPath;
        _temporaryPath = finalPath + TemporarySuffix;
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        _stream = new FileStream(_temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        try
        {
            using var properties = new WriterPropertiesBuilder()
                .Version(ParquetVersion.PARQUET_2_6)
                .Compression(Compression.Zstd)
                .CompressionLevel(options.ZstdLevel)
                .MaxRowGroupLength(1_048_576)
                .EnableWritePageIndex()
                .Build();
            using var arrowProperties = new ArrowWriterPropertiesBuilder().StoreSchema().DisableCompliantNestedTypes().Build();
            _writer = new FileWriter(_stream, schema, properties, arrowProperties, leaveOpen: true);
        }
        catch
        {
            Abort();
            throw;
        }
        OpenedAt = time.GetUtcNow();
    }

    public TableRevisionPath Location { get; }

    public SegmentFileName FileName { get; }

    public DateTimeOffset OpenedAt { get; }

    /// <summary>The blocks written so far: start and prev_hash of the first, end, hash and timestamp of the last.</summary>
    public BlockRange? Covered { get; private set; }

    public long Rows { get; private set; }

    /// <summary>Bytes on disk plus the in-memory size of the row group not yet flushed (Amp counts its encoded size).</summary>
    public long Bytes => _positionAtLastWrite + _openRowGroupBytes;

    /// <summary>Opens a file named after <paramref name="firstBlock"/> in the revision directory. The store must have local paths.</summary>
    public static SegmentFileWriter Open(IObjectStore store, TableRevisionPath location, Schema schema, ulong firstBlock,
        SegmentWriterOptions options, TimeProvider time)
    {
        var fileName = SegmentFileName.ForStart(firstBlock);
        var localPath = store.LocalPathOf(location.FileOf(fileName))
            ?? throw new InvalidOperationException($"the data store at {store.UrlOf("")} has no local paths; segment files are written only to a local data directory");
        return new SegmentFileWriter(store, location, fileName, localPath, schema, options, time);
    }

    /// <summary>
    /// Appends rows (possibly none) that belong to <paramref name="blocks"/>, which follows what was written so far.
    /// <paramref name="inMemoryBytes"/> is the rows' share of Arrow memory when they are a slice; by default their buffers' size.
    /// </summary>
    public void Append(RecordBatch rows, BlockRange blocks, long? inMemoryBytes = null)
    {
        ObjectDisposedException.ThrowIf(_writer is null, this);
        if (Covered is not null && Covered.End >= blocks.Start)
            throw new ArgumentException($"blocks {blocks.Numbers} do not follow {Covered.Numbers} already in {FileName}");
        if (Covered is not null && !string.Equals(Covered.Network, blocks.Network, StringComparison.Ordinal))
            throw new ArgumentException($"blocks of network '{blocks.Network}' cannot join {FileName} of network '{Covered.Network}'");
        if (rows.Length > 0)
        {
            _writer.WriteBufferedRecordBatch(rows);
            if (_stream.Position != _positionAtLastWrite)
            {
                // The writer flushed a row group on its own (row limit): what is open now is at most this batch.
                _positionAtLastWrite = _stream.Position;
                _openRowGroupBytes = 0;
            }
            _openRowGroupBytes += inMemoryBytes ?? ArrowSize.Of(rows);
            if (_openRowGroupBytes >= _options.MaxRowGroupBytes)
            {
                _writer.NewBufferedRowGroup();
                _positionAtLastWrite = _stream.Position;
                _openRowGroupBytes = 0;
            }
        }
        Covered = Covered is null ? blocks : Covered.ExtendTo(blocks);
        Rows += rows.Length;
    }

    /// <summary>Finishes the file: Amp's footer entries, fsync, rename into place. Returns what the commit registers.</summary>
    public async Task<WrittenSegment> CloseAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_writer is null, this);
        var covered = Covered ?? throw new InvalidOperationException($"{FileName} covers no block; an empty segment cannot be closed");
        _writer.Close();
        _writer.Dispose();
        _writer = null;

        var meta = new ParquetMeta(Location.Table, FileName, UnixTime.From(_time.GetUtcNow()), [covered], null);
        ParquetFooter.AppendKeyValues(_stream, [
            new(ParquetMeta.FooterKey, ParquetMetaJson.Serialize(meta)),
            new(ParquetMeta.ParentFileIdsKey, "[]"),
            new(ParquetMeta.GenerationKey, "0"),
        ]);
        var footer = ParquetFooter.CacheBytes(_stream);
        _stream.Flush(flushToDisk: true);
        var size = _stream.Length;
        await _stream.DisposeAsync().ConfigureAwait(false);

        File.Move(_temporaryPath, _finalPath, overwrite: false);
        _closed = true;
        DirectorySync.Flush(Path.GetDirectoryName(_finalPath)!);
        var path = Location.FileOf(FileName);
        var info = await _store.HeadAsync(path, ct).ConfigureAwait(false)
            ?? throw new IOException($"segment {path} is not in the data store right after it was renamed into place");
        return new WrittenSegment(Location, FileName, size, meta, footer, info);
    }

    /// <summary>Abandons an unclosed file: nothing of it stays under any name.</summary>
    public void Dispose()
    {
        if (!_closed)
            Abort();
    }

    private void Abort()
    {
        _closed = true;
        try
        {
            _writer?.Dispose();
        }
        finally
        {
            _writer = null;
            _stream.Dispose();
            File.Delete(_temporaryPath);
        }
    }
}
