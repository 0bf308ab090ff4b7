using Amp.DataStore.Parquet;
using Amp.DataStore.Parquet.Writing;
using static Amp.DataStore.Tests.Parquet.TestTables;

namespace Amp.DataStore.Tests.Parquet;

/// <summary>A file gets its final name only when it is complete.</summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly TableRevisionPath _location = TableRevisionPath.NewRevision("_", "anvil_rpc", "logs");

    public void Dispose() => _dir.Dispose();

    private SegmentFileWriter OpenAndWrite()
    {
        var file = SegmentFileWriter.Open(_dir.Store, _location, Schema, 0, SegmentWriterOptions.Default, TimeProvider.System);
        file.Append(Batch([0, 1], b => 500), Block(0).ExtendTo(Block(1)), 1 << 20);
        return file;
    }

    [Fact]
    public void A_write_that_never_closes_leaves_no_final_named_file()
    {
        // The writer is abandoned as a crashed process abandons it: no Close, no Dispose; the directory is looked at then.
        var abandoned = OpenAndWrite();

        var files = _dir.Files().ToList();
        Assert.DoesNotContain(files, f => f.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".parquet.partial", StringComparison.Ordinal));
        abandoned.Dispose();
    }

    [Fact]
    public void A_disposed_unclosed_writer_leaves_nothing()
    {
        using (OpenAndWrite())
        {
        }
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public async Task A_closed_file_has_only_its_final_name()
    {
        using var file = OpenAndWrite();
        var written = await file.CloseAsync(default);
        Assert.Equal([written.Path], _dir.Files().Select(f => f.Replace('\\', '/')));
    }

    [Fact]
    public async Task A_file_that_covers_no_block_cannot_be_closed()
    {
        using var file = SegmentFileWriter.Open(_dir.Store, _location, Schema, 0, SegmentWriterOptions.Default, TimeProvider.System);
        await Assert.ThrowsAsync<InvalidOperationException>(() => file.CloseAsync(default));
    }

    [Fact]
    public void Blocks_of_another_network_or_out_of_order_are_refused()
    {
        using var file = OpenAndWrite();
        var empty = Batch([], b => 0);
        Assert.Contains("network 'mainnet'", Assert.Throws<ArgumentException>(() => file.Append(empty, Block(2) with { Network = "mainnet" })).Message, StringComparison.Ordinal);
        Assert.Contains("do not follow 0..=1", Assert.Throws<ArgumentException>(() => file.Append(empty, Block(1))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renames_are_made_durable_by_syncing_the_directory_and_a_failure_says_which()
    {
        DirectorySync.Flush(_dir.Path);
        var missing = Path.Combine(_dir.Path, "no-such-directory");
        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
