namespace Amp.Extraction.Job;

/// <summary>Counters of a running job, shared by its partitions and read by the progress line.</summary>
internal sealed class ExtractionStats
{
    private long _blocks;
    private long _files;
    private long _bytes;
    private long _lastBlock = -1;
    private long _head = -1;

    public long Blocks => Interlocked.Read(ref _blocks);

    public long Files => Interlocked.Read(ref _files);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The highest block some partition has written; -1 before the first.</summary>
    public long LastBlock => Interlocked.Read(ref _lastBlock);

    /// <summary>The chain head seen last; -1 before the first poll.</summary>
    public long Head => Interlocked.Read(ref _head);

    public void BlocksWritten(int count, ulong last)
    {
        Interlocked.Add(ref _blocks, count);
        long seen;
        while ((seen = Interlocked.Read(ref _lastBlock)) < (long)last && Interlocked.CompareExchange(ref _lastBlock, (long)last, seen) != seen)
        {
        }
    }

    public void FileCommitted(long bytes)
    {
        Interlocked.Increment(ref _files);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void HeadSeen(ulong head) => Interlocked.Exchange(ref _head, (long)head);
}
